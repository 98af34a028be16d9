import pytest

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application, make_application_in
from bops.core.models import AuditEntry


@pytest.mark.django_db
def test_withdrawing_twice_is_refused_with_a_clear_message(southwark, swk_users, client_for):
    application = make_application_in(southwark, Status.WITHDRAWN, swk_users)
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    path = f"/applications/{application.reference}/withdraw"
    page = client.get(path)
    assert page.status_code == 409
    assert "You cannot withdraw a case that is withdrawn." in page.content.decode()
    posted = client.post(path, {"reason": "Again"})
    assert posted.status_code == 400
    assert "You cannot withdraw a case that is withdrawn." in posted.content.decode()
    assert AuditEntry.objects.filter(application=application, event="withdraw").count() == 1


@pytest.mark.django_db
def test_a_missing_reason_changes_nothing(southwark, swk_users, client_for):
    application = make_application(southwark)
    response = client_for(southwark, swk_users[Role.ASSESSOR]).post(
        f"/applications/{application.reference}/close", {"reason": "  "}
    )
    assert response.status_code == 400
    assert "Enter the reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.NOT_STARTED


@pytest.mark.django_db
@pytest.mark.parametrize("event", ["determine", "validate", "nonsense"])
def test_only_withdraw_return_and_close_have_a_page(southwark, swk_users, client_for, event):
    application = make_application(southwark)
    response = client_for(southwark, swk_users[Role.REVIEWER]).post(
        f"/applications/{application.reference}/{event}", {"reason": "x"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.NOT_STARTED


@pytest.mark.django_db
def test_an_unknown_reference_is_a_404(southwark, swk_users, client_for):
    response = client_for(southwark, swk_users[Role.ASSESSOR]).get("/applications/99-99999-XXXX")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_document_is_served_only_from_its_own_case(southwark, swk_users, client_for):
    from bops.documents.services import document_add

    first, second = make_application(southwark), make_application(southwark)
    document = document_add(
        application=first,
        user=None,
        name="plan.pdf",
        content=b"%PDF-1.4 x",
        content_type="application/pdf",
        tags=["sitePlan.proposed"],
    )
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    ok = client.get(f"/applications/{first.reference}/documents/{document.pk}")
    assert ok.status_code == 200
    assert ok["Content-Type"] == "application/pdf"
    assert b"".join(ok.streaming_content) == b"%PDF-1.4 x"
    assert client.get(f"/applications/{second.reference}/documents/{document.pk}").status_code == 404


@pytest.mark.django_db
def test_the_assign_form_refuses_an_unknown_officer(southwark, swk_users, client_for):
    application = make_application(southwark)
    response = client_for(southwark, swk_users[Role.ASSESSOR]).post(
        f"/applications/{application.reference}/assign", {"officer": "999999"}
    )
    assert response.status_code == 400
    assert "Choose an officer from the list" in response.content.decode()
