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


@pytest.mark.django_db
def test_an_officer_takes_a_case_in_one_submit_and_lands_on_it(southwark, swk_users, client_for):
    from bops.notifications.models import OutboxMessage

    officer = swk_users[Role.ASSESSOR]
    application = make_application(southwark)
    client = client_for(southwark, officer)
    case_page = client.get(f"/applications/{application.reference}").content.decode()
    assert "Assign to me" in case_page and f'name="officer" value="{officer.pk}"' in case_page
    response = client.post(f"/applications/{application.reference}/assign", {"officer": str(officer.pk)})
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{application.reference}"
    landed = client.get(response["Location"]).content.decode()
    assert "The case is assigned to you." in landed
    assert "Assign to me" not in landed  # it is theirs now; the form to assign others stays
    assert "Assign this case to" in landed
    application.refresh_from_db()
    assert application.assigned_officer == officer
    assert AuditEntry.objects.filter(application=application, event="assigned").count() == 1
    assert not OutboxMessage.objects.filter(to=officer.email).exists()  # no email to themselves


@pytest.mark.django_db
def test_the_case_list_offers_unassigned_cases_to_take(southwark, swk_users, client_for):
    officer = swk_users[Role.ASSESSOR]
    unassigned = make_application(southwark)
    theirs = make_application(southwark, officer=swk_users[Role.REVIEWER])
    page = client_for(southwark, officer).get("/?tab=all").content.decode()
    assert f'action="/applications/{unassigned.reference}/assign"' in page
    assert f'action="/applications/{theirs.reference}/assign"' not in page  # taking a colleague's case: its page
    assert f'Assign to me<span class="govuk-visually-hidden"> ({unassigned.reference_in_full})' in page
    admin_page = client_for(southwark, swk_users[Role.ADMINISTRATOR]).get("/?tab=all").content.decode()
    assert "Assign to me" not in admin_page


@pytest.mark.django_db
def test_an_administrator_cannot_take_a_case(southwark, swk_users, client_for):
    admin = swk_users[Role.ADMINISTRATOR]
    application = make_application(southwark)
    response = client_for(southwark, admin).post(f"/applications/{application.reference}/assign", {"officer": admin.pk})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.assigned_officer is None


@pytest.mark.django_db
def test_the_case_list_links_each_case_to_the_page_acted_on_next(southwark, swk_users, client_for):
    from bops.applications.tests.builders import add_recommendation

    new = make_application(southwark)
    to_consult = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    certificate = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    returned = make_application_in(southwark, Status.TO_BE_REVIEWED, swk_users)
    to_review = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    to_issue = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    add_recommendation(to_issue, swk_users[Role.ASSESSOR], agreed_by=swk_users[Role.REVIEWER])
    reviewer = client_for(southwark, swk_users[Role.REVIEWER]).get("/?tab=all").content.decode()
    for case, page in (
        (new, "validation"),
        (to_consult, "consultation"),  # publicity is owed and none has started
        (certificate, "assessment"),  # a certificate is not publicised
        (returned, "assessment"),
        (to_review, "review"),
        (to_issue, "decision"),
    ):
        assert f'href="/applications/{case.reference}/{page}"' in reviewer, (case.status, page)
        assert f'href="/applications/{case.reference}"' in reviewer  # the case page stays one click away
    assessor = client_for(southwark, swk_users[Role.ASSESSOR]).get("/?tab=all").content.decode()
    assert f'href="/applications/{to_review.reference}/review"' not in assessor
    assert "With the reviewer" in assessor


@pytest.mark.django_db
def test_the_case_page_shows_what_is_left_with_links_and_what_is_due(southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    new = make_application(southwark)
    page = client.get(f"/applications/{new.reference}").content.decode()
    left = page[page.index('id="what-is-left"') : page.index('id="key-dates"')]
    assert f'href="/applications/{new.reference}/validation"' in left  # the next step
    assert f'href="/applications/{new.reference}/validation/description"' in left  # a task left
    assert "Determination date" in left and "working day" in left and "calendar day" in left
    assessing = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    page = client.get(f"/applications/{assessing.reference}").content.decode()
    left = page[page.index('id="what-is-left"') : page.index('id="key-dates"')]
    assert f'href="/applications/{assessing.reference}/assessment/recommendation"' in left
    assert "/validation/" not in left  # the tasks of the stage the case is in


@pytest.mark.django_db
def test_a_prior_approval_case_page_says_when_consent_is_deemed(southwark, swk_users, client_for):
    application = make_application(southwark, code="pa.part1.classA")
    page = client_for(southwark, swk_users[Role.ASSESSOR]).get(f"/applications/{application.reference}")
    left = page.content.decode()
    left = left[left.index('id="what-is-left"') : left.index('id="key-dates"')]
    assert "Prior approval is deemed given if the council has not decided by this date" in left
    assert "A.4" in left
