"""The applicant's pages, reached by the signed link in the council's emails: no sign-in, one case, one council."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications import services as applications
from bops.applications.lifecycle import Event
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in, square
from bops.core.dates import format_date
from bops.documents.models import Document
from bops.documents.services import Upload, document_add
from bops.notifications.models import OutboxMessage
from bops.validation import services
from bops.validation.links import link_token
from bops.validation.models import RequestKind, RequestState, ValidationRequest

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# --- Building cases through the real services ----------------------------------------------------------------


def ask(application, officer, kind, **fields):
    return services.validation_request_create(
        council=application.council,
        application_id=application.pk,
        user=officer,
        new=services.NewRequest(kind=kind, reason=fields.pop("reason", "We need this to decide."), **fields),
    )


def invalidate(application, officer):
    services.application_invalidate(council=application.council, application_id=application.pk, user=officer)


def token_for(application):
    return link_token(council_id=application.council_id, application_id=application.pk)


def add_document(application, name="site-plan.pdf"):
    return document_add(
        application=application,
        user=None,
        name=name,
        content=PDF,
        content_type="application/pdf",
        tags=["sitePlan.proposed"],
    )


def page(response):
    return response.content.decode()


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    # Only the origin is ever sent as a Referer: never the address with its token (see applicant_views).
    assert response["Referrer-Policy"] == "strict-origin"


@pytest.fixture
def assessor(swk_users):
    return swk_users[Role.ASSESSOR]


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.NOT_STARTED, swk_users)


@pytest.fixture
def description_request(case, assessor):
    request = ask(case, assessor, RequestKind.DESCRIPTION_CHANGE, proposed="Single storey rear extension")
    invalidate(case, assessor)
    request.refresh_from_db()
    return request


@pytest.fixture
def applicant(southwark):
    return client_on(southwark)


def client_on(council, **kwargs):
    return Client(HTTP_HOST=f"{council.subdomain}.localhost", **kwargs)


def answer_url(application, request):
    return f"/respond/{token_for(application)}/requests/{request.pk}"


# --- The list -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_open_answered_and_cancelled_requests_in_plain_words(case, assessor, applicant):
    description = ask(
        case,
        assessor,
        RequestKind.DESCRIPTION_CHANGE,
        reason="The description does not mention the roof terrace.",
        suggestion="Agree to the wording below.",
        proposed="Rear extension with a roof terrace",
    )
    document = ask(case, assessor, RequestKind.ADDITIONAL_DOCUMENT, document_type="Floor plans (proposed)")
    fee = ask(case, assessor, RequestKind.OTHER_CHANGE, reason="Please confirm who owns the wall.")
    invalidate(case, assessor)
    services.validation_request_answer(
        council=case.council,
        application_id=case.pk,
        request_id=document.pk,
        answer=services.Answered(uploads=[Upload("floor-plans.pdf", PDF, "application/pdf")]),
        through="link",
    )
    services.validation_request_cancel(
        council=case.council, application_id=case.pk, request_id=fee.pk, user=assessor, reason="We found the deeds."
    )
    token = token_for(case)

    response = applicant.get(f"/respond/{token}")

    assert response.status_code == 200
    assert_private(response)
    html = page(response)
    assert "<title>Requests about your application" in html
    assert html.count("<h1") == 1
    assert case.reference_in_full in html and case.address in html and case.description in html
    # Open: what is asked, by when, and that silence is agreement.
    assert "Agree a new description" in html
    assert "The description does not mention the roof terrace." in html
    assert "Rear extension with a roof terrace" in html
    assert "What we suggest" in html and "Agree to the wording below." in html
    assert "To answer" in html
    assert "If you do not answer by then, we will take it that you agree." in html
    assert f'href="/respond/{token}/requests/{description.pk}"' in html
    # Answered: what was sent, and no link to answer again.
    assert "Send us a document" in html and "Answered" in html and "floor-plans.pdf" in html
    assert f'/requests/{document.pk}"' not in html
    # Cancelled, with the council's reason.
    assert "Cancelled" in html and "We found the deeds." in html
    # No officer navigation.
    assert "Planning back office" not in html and "Sign out" not in html and "/applications/" not in html


@pytest.mark.django_db
def test_the_list_costs_the_same_number_of_queries_however_many_requests(
    case, assessor, applicant, django_assert_num_queries
):
    old = add_document(case)
    ask(case, assessor, RequestKind.REPLACEMENT_DOCUMENT, document_id=old.pk)
    invalidate(case, assessor)
    with CaptureQueriesContext(connection) as few:
        assert applicant.get(f"/respond/{token_for(case)}").status_code == 200
    for n in range(5):
        request = ask(case, assessor, RequestKind.ADDITIONAL_DOCUMENT, document_type=f"Plan {n}")
        services.validation_request_answer(
            council=case.council,
            application_id=case.pk,
            request_id=request.pk,
            answer=services.Answered(uploads=[Upload(f"plan-{n}.pdf", PDF, "application/pdf")]),
            through="link",
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert applicant.get(f"/respond/{token_for(case)}").status_code == 200


@pytest.mark.django_db
def test_requests_still_waiting_to_be_sent_are_not_shown(case, assessor, applicant):
    ask(case, assessor, RequestKind.OTHER_CHANGE, reason="Sent with the invalidation")
    invalidate(case, assessor)
    later = ask(case, assessor, RequestKind.OTHER_CHANGE, reason="Still a draft")
    ValidationRequest.objects.filter(pk=later.pk).update(state=RequestState.PENDING)

    html = page(applicant.get(f"/respond/{token_for(case)}"))

    assert "Sent with the invalidation" in html and "Still a draft" not in html
    assert applicant.get(answer_url(case, later)).status_code == 404


@pytest.mark.django_db
def test_an_officer_signed_in_sees_no_officer_navigation_on_the_applicant_pages(
    case, description_request, southwark, assessor, client_for
):
    html = page(client_for(southwark, assessor).get(f"/respond/{token_for(case)}"))
    assert "Sign out" not in html and ">Cases<" not in html


# --- Answering ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_agreeing_to_a_description_change_changes_the_description(case, description_request, applicant):
    token = token_for(case)
    response = applicant.post(f"/respond/{token}/requests/{description_request.pk}", {"agree": "yes"})

    assert response.status_code == 302
    assert response["Location"] == f"/respond/{token}"  # back to the list, with the same link
    assert_private(response)
    case.refresh_from_db()
    description_request.refresh_from_db()
    assert case.description == "Single storey rear extension"
    assert description_request.state == RequestState.CLOSED and description_request.approved is True
    assert description_request.answered_through == "link"
    banner = page(applicant.get(response["Location"]))
    assert "Thank you: we have sent your answer to the council" in banner
    assert "You agreed." in banner


@pytest.mark.django_db
def test_the_description_page_shows_the_current_and_the_proposed_description(case, description_request, applicant):
    response = applicant.get(answer_url(case, description_request))

    assert response.status_code == 200
    assert_private(response)
    html = page(response)
    assert "Current description" in html and case.description in html
    assert "Proposed description" in html and "Single storey rear extension" in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in html and "Do you agree?" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_disagreeing_without_a_reason_gives_an_error_summary_and_changes_nothing(case, description_request, applicant):
    before = case.description

    response = applicant.post(answer_url(case, description_request), {"agree": "no", "reason": "  "})

    assert response.status_code == 400
    assert_private(response)
    html = page(response)
    assert "<title>Error: " in html
    assert "There is a problem" in html and 'href="#id_reason"' in html and "Say why you disagree." in html
    assert 'value="no" checked' in html
    case.refresh_from_db()
    description_request.refresh_from_db()
    assert case.description == before
    assert description_request.state == RequestState.OPEN


@pytest.mark.django_db
def test_a_reason_typed_is_kept_when_the_answer_is_refused(case, description_request, applicant):
    response = applicant.post(answer_url(case, description_request), {"reason": "The terrace is not part of it."})

    assert response.status_code == 400
    html = page(response)
    assert 'href="#agree"' in html and "Say whether you agree." in html
    assert "The terrace is not part of it." in html


@pytest.mark.django_db
def test_disagreeing_with_a_reason_is_recorded_and_changes_nothing(case, description_request, applicant):
    before = case.description

    response = applicant.post(answer_url(case, description_request), {"agree": "no", "reason": "It is misleading."})

    assert response.status_code == 302
    case.refresh_from_db()
    description_request.refresh_from_db()
    assert case.description == before
    assert description_request.approved is False and description_request.rejection_reason == "It is misleading."
    html = page(applicant.get(answer_url(case, description_request)))
    assert "You did not agree." in html and "It is misleading." in html


@pytest.mark.django_db
def test_a_written_answer_keeps_what_was_typed_when_a_file_is_refused(case, assessor, applicant):
    request = ask(case, assessor, RequestKind.FEE_CHANGE, reason="The fee paid is £100 short.")
    invalidate(case, assessor)

    refused = applicant.post(
        answer_url(case, request),
        {"text": "I paid the difference by card today.", "files": SimpleUploadedFile("receipt.pdf", PNG, "image/png")},
    )

    assert refused.status_code == 400
    html = page(refused)
    assert "I paid the difference by card today." in html and 'href="#id_files"' in html
    assert 'enctype="multipart/form-data"' in html
    request.refresh_from_db()
    assert request.state == RequestState.OPEN and not Document.objects.filter(application=case).exists()

    empty = applicant.post(answer_url(case, request), {"text": "  "})
    assert empty.status_code == 400 and "Enter your answer." in page(empty)

    answered = applicant.post(answer_url(case, request), {"text": "I paid the difference by card today."})
    assert answered.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.CLOSED and request.response == "I paid the difference by card today."


@pytest.mark.django_db
def test_uploading_a_replacement_document_stores_it_and_archives_the_old_one(case, assessor, applicant):
    old = add_document(case)
    request = ask(case, assessor, RequestKind.REPLACEMENT_DOCUMENT, document_id=old.pk, reason="It has no scale.")
    invalidate(case, assessor)

    form = page(applicant.get(answer_url(case, request)))
    assert "site-plan.pdf" in form and "It has no scale." in form
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form and "multiple" in form
    assert "30 MB" in form and "PDF" in form

    response = applicant.post(
        answer_url(case, request), {"files": SimpleUploadedFile("site-plan-v2.pdf", PDF, "application/pdf")}
    )

    assert response.status_code == 302
    old.refresh_from_db()
    request.refresh_from_db()
    new = Document.objects.get(application=case, name="site-plan-v2.pdf")
    assert old.archived_at is not None
    assert new.replaces == old and new.archived_at is None and new.content_type == "application/pdf"
    assert list(request.received_documents.all()) == [new]
    assert request.state == RequestState.CLOSED


@pytest.mark.django_db
def test_several_files_can_answer_a_document_request(case, assessor, applicant):
    request = ask(case, assessor, RequestKind.ADDITIONAL_DOCUMENT, document_type="Elevations")
    invalidate(case, assessor)

    response = applicant.post(
        answer_url(case, request),
        {
            "files": [
                SimpleUploadedFile("north.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("south.pdf", PDF, "application/pdf"),
            ]
        },
    )

    assert response.status_code == 302
    assert sorted(d.name for d in Document.objects.filter(application=case)) == ["north.pdf", "south.pdf"]


@pytest.fixture
def replacement(case, assessor):
    old = add_document(case)
    request = ask(case, assessor, RequestKind.REPLACEMENT_DOCUMENT, document_id=old.pk, reason="It has no scale.")
    invalidate(case, assessor)
    return old, request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Choose a file to upload."),
        (SimpleUploadedFile("site-plan-v2.pdf", b"", "application/pdf"), "site-plan-v2.pdf is empty."),
        (SimpleUploadedFile("site-plan-v2.pdf", PDF, "application/pdf"), "site-plan-v2.pdf is larger than"),
        (SimpleUploadedFile("site-plan-v2.pdf", PNG, "application/pdf"), "site-plan-v2.pdf is a PNG image, not a PDF"),
        (SimpleUploadedFile("site-plan-v2.exe", b"MZ...", "application/octet-stream"), "is not accepted"),
    ],
    ids=["none", "empty", "too-big", "not-what-it-says", "not-accepted"],
)
def test_a_bad_upload_gets_a_clear_error_and_changes_nothing(case, replacement, applicant, settings, upload, message):
    old, request = replacement
    if message.endswith("larger than"):
        settings.DOCUMENT_MAX_BYTES = 20

    response = applicant.post(answer_url(case, request), {"files": upload} if upload else {})

    assert response.status_code == 400
    html = page(response)
    assert "There is a problem" in html and 'href="#id_files"' in html and message in html
    old.refresh_from_db()
    request.refresh_from_db()
    assert old.archived_at is None
    assert request.state == RequestState.OPEN
    assert list(Document.objects.filter(application=case)) == [old]


@pytest.mark.django_db
def test_the_file_hint_gives_the_size_limit_in_force(case, replacement, applicant, settings):
    settings.DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
    _, request = replacement
    assert "no larger than 5 MB" in page(applicant.get(answer_url(case, request)))


@pytest.mark.django_db
def test_a_boundary_change_shows_both_boundaries_on_maps_and_by_their_areas(case, assessor, applicant):
    request = ask(
        case, assessor, RequestKind.BOUNDARY_CHANGE, proposed=square(size=0.0004), reason="It misses the garage."
    )
    invalidate(case, assessor)

    response = applicant.get(answer_url(case, request))

    assert response.status_code == 200
    html = page(response)
    assert html.count("<my-map") == 2 and html.count("geojsonData=") == 2
    assert "Current red line boundary" in html and "Proposed red line boundary" in html
    areas = re.findall(r"([\d,]+) square metres", html)
    assert len(set(areas)) == 2  # the proposed boundary is four times the current one
    assert "build/map.js" in html

    assert applicant.post(answer_url(case, request), {"agree": "yes"}).status_code == 302
    case.refresh_from_db()
    assert case.boundary["geometry"] == request.proposed["geometry"]


@pytest.mark.django_db
def test_a_time_extension_shows_the_current_and_the_proposed_decision_dates(southwark, swk_users, applicant):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    proposed = case.due_date + timedelta(days=21)
    request = ask(case, swk_users[Role.ASSESSOR], RequestKind.TIME_EXTENSION, proposed=proposed.isoformat())

    html = page(applicant.get(answer_url(case, request)))

    assert "Current date for our decision" in html and format_date(case.due_date) in html
    assert "Proposed date for our decision" in html and format_date(proposed) in html
    assert applicant.post(answer_url(case, request), {"agree": "yes"}).status_code == 302
    case.refresh_from_db()
    assert case.due_date == proposed


# --- Requests that take no answer -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_answered_request_shows_what_happened_and_takes_no_second_answer(case, description_request, applicant):
    applicant.post(answer_url(case, description_request), {"agree": "yes"})

    shown = applicant.get(answer_url(case, description_request))
    assert shown.status_code == 200
    assert "You agreed." in page(shown) and "Send your answer" not in page(shown) and "<form" not in page(shown)

    again = applicant.post(answer_url(case, description_request), {"agree": "no", "reason": "Changed my mind"})

    assert again.status_code == 409
    assert_private(again)
    assert "This request has already been answered." in page(again)
    case.refresh_from_db()
    description_request.refresh_from_db()
    assert description_request.approved is True and case.description == "Single storey rear extension"


@pytest.mark.django_db
def test_a_request_accepted_automatically_says_so(case, description_request, applicant):
    with time_machine.travel(timezone.now() + timedelta(days=14), tick=False):
        assert services.validation_requests_auto_accept() == 1
        html = page(applicant.get(f"/respond/{token_for(case)}"))
    assert "Accepted automatically" in html


@pytest.mark.django_db
def test_a_cancelled_request_shows_the_reason_and_takes_no_answer(case, description_request, assessor, applicant):
    services.validation_request_cancel(
        council=case.council,
        application_id=case.pk,
        request_id=description_request.pk,
        user=assessor,
        reason="The officer misread the plans.",
    )

    shown = applicant.get(answer_url(case, description_request))
    assert shown.status_code == 200
    assert "Cancelled" in page(shown) and "The officer misread the plans." in page(shown)
    assert "Send your answer" not in page(shown)

    posted = applicant.post(answer_url(case, description_request), {"agree": "yes"})

    assert posted.status_code == 409
    assert "The council cancelled this request: you do not need to answer it." in page(posted)
    case.refresh_from_db()
    assert case.description != "Single storey rear extension"


@pytest.mark.django_db
def test_a_closed_case_takes_no_answers(case, description_request, assessor, applicant):
    applications.planning_application_transition(
        council=case.council, application_id=case.pk, user=assessor, event=Event.WITHDRAW, reason="Applicant asked"
    )

    listed = applicant.get(f"/respond/{token_for(case)}")
    assert listed.status_code == 200
    assert "This application is closed" in page(listed) and "no longer taking answers" in page(listed)
    assert "Send your answer" not in page(applicant.get(answer_url(case, description_request)))

    posted = applicant.post(answer_url(case, description_request), {"agree": "yes"})

    assert posted.status_code == 409
    assert "This application is withdrawn: it takes no more answers." in page(posted)
    description_request.refresh_from_db()
    assert description_request.state == RequestState.OPEN
    resent = applicant.post(f"/respond/{token_for(case)}/new-link")
    assert resent.status_code == 409 and not OutboxMessage.objects.filter(subject__contains="new link").exists()


# --- Links that do not open the case --------------------------------------------------------------------------


def assert_not_valid(response, council):
    assert response.status_code == 404
    assert_private(response)
    html = page(response)
    assert "This link is not valid" in html
    assert council.email in html and council.phone in html


@pytest.mark.django_db
def test_a_forged_token_is_not_valid(southwark, applicant):
    assert_not_valid(applicant.get("/respond/not-a-real-token"), southwark)
    assert_not_valid(applicant.get("/respond/eyJjIjoxLCJhIjoxfQ:1xVDPY:forged/requests/1"), southwark)


@pytest.mark.django_db
@pytest.mark.parametrize("position", [0, 10, -1])
def test_a_token_altered_by_one_character_is_not_valid(case, description_request, applicant, position):
    token = token_for(case)
    index = position % len(token)
    altered = token[:index] + ("A" if token[index] != "A" else "B") + token[index + 1 :]

    assert_not_valid(applicant.get(f"/respond/{altered}"), case.council)
    assert_not_valid(
        applicant.post(f"/respond/{altered}/requests/{description_request.pk}", {"agree": "yes"}), case.council
    )
    description_request.refresh_from_db()
    assert description_request.state == RequestState.OPEN


@pytest.mark.django_db
def test_another_councils_token_is_not_valid_here(case, description_request, lambeth, lbh_users, applicant):
    theirs = make_application_in(lambeth, Status.NOT_STARTED, lbh_users)
    their_token = token_for(theirs)
    assert client_on(lambeth).get(f"/respond/{their_token}").status_code == 200  # theirs works at home

    assert_not_valid(applicant.get(f"/respond/{their_token}"), case.council)
    # Signed for Lambeth but naming a Southwark case; signed for Southwark but naming a Lambeth case.
    foreign = link_token(council_id=lambeth.pk, application_id=case.pk)
    assert_not_valid(applicant.get(f"/respond/{foreign}/requests/{description_request.pk}"), case.council)
    stray = link_token(council_id=case.council_id, application_id=theirs.pk)
    assert_not_valid(applicant.get(f"/respond/{stray}"), case.council)
    gone = link_token(council_id=case.council_id, application_id=theirs.pk + 1000)
    assert_not_valid(applicant.get(f"/respond/{gone}"), case.council)
    assert_not_valid(applicant.post(f"/respond/{gone}/new-link"), case.council)


@pytest.mark.django_db
def test_the_bare_service_domain_opens_no_link(case, description_request):
    response = Client(HTTP_HOST="localhost").get(f"/respond/{token_for(case)}")
    assert response.status_code == 404 and "This link is not valid" in page(response)


@pytest.mark.django_db
def test_a_request_of_another_case_is_not_found_and_not_changed(
    case, description_request, southwark, swk_users, applicant
):
    other = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    theirs = ask(other, swk_users[Role.ASSESSOR], RequestKind.DESCRIPTION_CHANGE, proposed="Something else")
    invalidate(other, swk_users[Role.ASSESSOR])
    path = f"/respond/{token_for(case)}/requests/{theirs.pk}"

    assert applicant.get(path).status_code == 404
    posted = applicant.post(path, {"agree": "yes"})

    assert posted.status_code == 404
    assert_private(posted)
    other.refresh_from_db()
    theirs.refresh_from_db()
    assert theirs.state == RequestState.OPEN and other.description != "Something else"
    assert applicant.get(f"/respond/{token_for(case)}/requests/999999").status_code == 404


# --- Expired links and new ones -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_expired_link_offers_a_new_one_sent_only_to_the_case_addresses(
    case, description_request, applicant, settings
):
    case.agent_email = "agent@architects.example"
    case.save(update_fields=["agent_email"])
    old_token = token_for(case)
    later = timezone.now() + timedelta(days=settings.APPLICANT_LINK_DAYS, hours=1)

    with time_machine.travel(later, tick=False):
        listed = applicant.get(f"/respond/{old_token}")
        assert listed.status_code == 200
        assert_private(listed)
        html = page(listed)
        assert "This link has expired" in html and "Send me a new link" in html
        assert f'action="/respond/{old_token}/new-link"' in html
        assert case.description not in html  # an expired link shows nothing of the case
        assert "This link has expired" in page(applicant.get(f"/respond/{old_token}/requests/{description_request.pk}"))
        refused = applicant.post(f"/respond/{old_token}/requests/{description_request.pk}", {"agree": "yes"})
        assert refused.status_code == 403
        description_request.refresh_from_db()
        assert description_request.state == RequestState.OPEN

        sent = applicant.post(f"/respond/{old_token}/new-link", {"email": "someone@elsewhere.example"})

        assert sent.status_code == 200
        assert_private(sent)
        assert "We have sent a new link" in page(sent)
        messages = list(OutboxMessage.objects.filter(subject__contains="your new link"))
        assert sorted(m.to for m in messages) == ["agent@architects.example", "jo@applicant.example"]
        new_token = re.search(r"/respond/(\S+)", messages[0].body).group(1)
        assert new_token != old_token
        assert "Agree a new description" in page(applicant.get(f"/respond/{new_token}"))

        again = applicant.post(f"/respond/{old_token}/new-link")
        assert again.status_code == 200
        assert "We sent a new link a few minutes ago: check your email" in page(again)
        assert OutboxMessage.objects.filter(subject__contains="your new link").count() == 2


@pytest.mark.django_db
def test_a_new_link_needs_a_correctly_signed_token_of_this_council(case, description_request, lambeth, applicant):
    assert_not_valid(applicant.post("/respond/forged-token/new-link"), case.council)
    foreign = link_token(council_id=lambeth.pk, application_id=case.pk)
    assert_not_valid(applicant.post(f"/respond/{foreign}/new-link"), case.council)
    assert applicant.get(f"/respond/{token_for(case)}/new-link").status_code == 405
    assert not OutboxMessage.objects.filter(subject__contains="your new link").exists()


# --- Forms post with a CSRF token -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_answer_without_the_forms_csrf_token_is_refused(case, description_request, southwark):
    strict = client_on(southwark, enforce_csrf_checks=True)
    assert strict.post(answer_url(case, description_request), {"agree": "yes"}).status_code == 403
    description_request.refresh_from_db()
    assert description_request.state == RequestState.OPEN

    form = page(strict.get(answer_url(case, description_request)))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    # As a browser posts it under the pages' referrer policy: with the page's real origin (never "null").
    answered = strict.post(
        answer_url(case, description_request),
        {"agree": "yes", "csrfmiddlewaretoken": csrf},
        HTTP_ORIGIN="http://southwark.localhost",
    )
    assert answered.status_code == 302
