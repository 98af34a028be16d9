"""The consultee's pages: a signed link, checked on every request and again when a response is posted."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.consultation import consultees
from bops.consultation.consultee_links import consultee_token
from bops.consultation.models import CaseConsultee, ConsulteeResponse
from bops.core.errors import DomainError
from bops.core.logging import redact
from bops.core.models import AuditEntry
from bops.documents.services import document_add
from bops.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
NOT_VALID = "This link is not valid"
RESPONSE = {"stance": "amendments_needed", "text": "Lower the roof by a metre."}


def emailed(case, officer, *, name="Harriet Heritage", email="harriet@historicengland.example"):
    """A consultee on `case`, emailed their link; the case's consultee and the token from the email."""
    consultee = consultees.consultee_create(
        council=case.council,
        user=case.council.users.get(role=Role.ADMINISTRATOR),
        details=consultees.ConsulteeDetails(name=name, organisation="Historic England", email=email),
    )
    case_consultee = consultees.case_consultee_add(
        council=case.council, application_id=case.pk, user=officer, consultee_id=consultee.pk
    )
    consultees.consultee_emails_send(
        council=case.council, application_id=case.pk, user=officer, case_consultee_ids=[case_consultee.pk]
    )
    body = OutboxMessage.objects.filter(to=email).latest("id").body
    token = re.search(r"/consultee/([^\s/]+)", body).group(1)
    return case_consultee, token


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=swk_users[Role.ASSESSOR])


@pytest.fixture
def documents(case):
    def add(name, shared):
        document = document_add(
            application=case,
            user=None,
            name=name,
            content=b"%PDF-1.4 " + name.encode(),
            content_type="application/pdf",
            tags=["drawing"],
        )
        document.for_consultees = shared
        document.save(update_fields=["for_consultees"])
        return document

    return {"shared": add("elevations.pdf", True), "private": add("ownership-certificate.pdf", False)}


@pytest.fixture
def link(case, swk_users):
    return emailed(case, swk_users[Role.ASSESSOR])


@pytest.fixture
def visitor(southwark, client_for):
    return client_for(southwark)


def test_the_page_shows_the_case_and_only_the_documents_for_consultees(case, documents, link, visitor):
    _, token = link
    response = visitor.get(f"/consultee/{token}")
    page = response.content.decode()
    assert response.status_code == 200
    for expected in (case.reference_in_full, case.address, case.description, "elevations.pdf", "Respond by"):
        assert expected in page
    assert "ownership-certificate" not in page
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    shared = visitor.get(f"/consultee/{token}/documents/{documents['shared'].pk}")
    assert shared.status_code == 200 and b"".join(shared.streaming_content).startswith(b"%PDF")
    assert visitor.get(f"/consultee/{token}/documents/{documents['private'].pk}").status_code == 404


def test_a_response_is_stored_in_full_and_the_officer_told(case, link, visitor, swk_users):
    case_consultee, token = link
    attachment = SimpleUploadedFile("advice.pdf", b"%PDF-1.4 advice", content_type="application/pdf")
    response = visitor.post(f"/consultee/{token}", {**RESPONSE, "files": [attachment]})
    assert response.status_code == 302
    assert "Thank you" in visitor.get(response["Location"]).content.decode()
    case_consultee.refresh_from_db()
    assert case_consultee.status == CaseConsultee.Status.RESPONDED
    stored = case_consultee.responses.get()
    assert (stored.stance, stored.text, stored.recorded_by) == ("amendments_needed", RESPONSE["text"], None)
    assert [d.name for d in stored.documents.all()] == ["advice.pdf"]
    assert OutboxMessage.objects.filter(to=swk_users[Role.ASSESSOR].email, subject__contains="has responded").exists()
    assert AuditEntry.objects.filter(application=case, event="consultee_response_received").exists()
    # Amended advice is taken and kept beside the first.
    assert visitor.post(f"/consultee/{token}", {"stance": "no_objection", "text": "Amended: fine."}).status_code == 302
    assert case_consultee.responses.count() == 2


def test_a_response_without_text_or_stance_is_refused(link, visitor):
    case_consultee, token = link
    response = visitor.post(f"/consultee/{token}", {"text": "", "stance": ""})
    assert response.status_code == 400
    assert "Enter your response" in response.content.decode()
    too_long = visitor.post(f"/consultee/{token}", {"stance": "objection", "text": "x" * 20_001})
    assert too_long.status_code == 400
    assert not case_consultee.responses.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(link, visitor):
    case_consultee, token = link
    fake = SimpleUploadedFile("advice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = visitor.post(f"/consultee/{token}", {**RESPONSE, "files": [fake]})
    assert response.status_code == 400
    assert not case_consultee.responses.exists()


def test_forged_and_altered_links_are_not_valid(link, visitor):
    case_consultee, token = link
    altered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in ("not-a-token", altered):
        response = visitor.get(f"/consultee/{bad}")
        assert response.status_code == 404 and NOT_VALID in response.content.decode()
        assert visitor.post(f"/consultee/{bad}", RESPONSE).status_code == 404
    assert not case_consultee.responses.exists()


def test_another_councils_link_is_not_valid(case, link, lambeth, client_for):
    case_consultee, token = link
    response = client_for(lambeth).get(f"/consultee/{token}")
    assert response.status_code == 404 and NOT_VALID in response.content.decode()
    assert client_for(lambeth).post(f"/consultee/{token}", RESPONSE).status_code == 404
    # Signed for Lambeth but naming Southwark's case: not valid in either.
    foreign = consultee_token(council_id=lambeth.pk, application_id=case.pk, case_consultee_id=case_consultee.pk)
    assert client_for(lambeth).get(f"/consultee/{foreign}").status_code == 404
    assert not case_consultee.responses.exists()


def test_a_link_naming_another_cases_consultee_is_not_valid(case, link, southwark, swk_users, visitor):
    other = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    theirs, _ = emailed(other, swk_users[Role.ASSESSOR], name="Olive Other", email="olive@other.example")
    mixed = consultee_token(council_id=southwark.pk, application_id=case.pk, case_consultee_id=theirs.pk)
    assert visitor.get(f"/consultee/{mixed}").status_code == 404
    assert visitor.post(f"/consultee/{mixed}", RESPONSE).status_code == 404
    with pytest.raises(DomainError):
        consultees.consultee_response_submit(
            council=southwark, token=mixed, response=consultees.Response(stance="objection", text="X", uploads=[])
        )
    assert not ConsulteeResponse.objects.exists()


def test_an_expired_link_shows_no_case_and_takes_no_response(link, documents, visitor):
    case_consultee, token = link
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        page = visitor.get(f"/consultee/{token}")
        assert page.status_code == 200 and "This link has expired" in page.content.decode()
        assert "elevations.pdf" not in page.content.decode()
        assert visitor.get(f"/consultee/{token}/documents/{documents['shared'].pk}").status_code == 403
        assert visitor.post(f"/consultee/{token}", RESPONSE).status_code == 403
    assert not case_consultee.responses.exists()


def test_a_page_opened_while_valid_cannot_post_after_expiry(link, visitor):
    case_consultee, token = link
    assert visitor.get(f"/consultee/{token}").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1), tick=False):
        response = visitor.post(f"/consultee/{token}", RESPONSE)
        assert response.status_code == 403
        # The service itself reads the link again, whatever a view did before it.
        with pytest.raises(DomainError) as error:
            consultees.consultee_response_submit(
                council=case_consultee.council,
                token=token,
                response=consultees.Response(stance="objection", text="Too late", uploads=[]),
            )
        assert error.value.code == "expired"
    case_consultee.refresh_from_db()
    assert case_consultee.status == CaseConsultee.Status.AWAITING_RESPONSE
    assert not ConsulteeResponse.objects.exists()


def test_a_new_link_goes_only_to_the_consultees_organisation_once_a_minute(link, visitor):
    _case_consultee, token = link
    start = timezone.now() + timedelta(days=8)
    with time_machine.travel(start, tick=False):
        refused = visitor.post(f"/consultee/{token}/new-link", {"email": "someone@gmail.example"})
        assert refused.status_code == 400 and "organisation we consulted" in refused.content.decode()
        assert not OutboxMessage.objects.filter(to="someone@gmail.example").exists()
        sent = visitor.post(f"/consultee/{token}/new-link", {"email": "Colleague@HistoricEngland.example"})
        assert sent.status_code == 200 and "Check your email" in sent.content.decode()
        message = OutboxMessage.objects.get(to="colleague@historicengland.example")
        fresh = re.search(r"/consultee/([^\s/]+)", message.body).group(1)
        assert visitor.get(f"/consultee/{fresh}").status_code == 200
        again = visitor.post(f"/consultee/{token}/new-link", {"email": "harriet@historicengland.example"})
        assert again.status_code == 400 and "less than a minute ago" in again.content.decode()
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert (
            visitor.post(f"/consultee/{token}/new-link", {"email": "harriet@historicengland.example"}).status_code
            == 200
        )
    assert visitor.post("/consultee/forged/new-link", {"email": "harriet@historicengland.example"}).status_code == 404


def test_consultee_links_are_kept_out_of_logs():
    assert redact("GET /consultee/abc.def:ghi/documents/3 HTTP/1.1") == "GET /consultee/…/documents/3 HTTP/1.1"
