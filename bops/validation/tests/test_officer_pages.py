"""The officer's validation pages, through the test client: what an officer sees and what each form does."""

import pytest
from django.utils import timezone

from bops.applications.models import PlanningApplication, Status
from bops.applications.tests.builders import make_application_in, square
from bops.core.models import AuditEntry
from bops.core.tasklist import TaskStatus
from bops.documents.services import document_add
from bops.notifications.models import OutboxMessage
from bops.validation.models import RequestKind, RequestState, ValidationCheck, ValidationRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(southwark, swk_users):
    application = make_application_in(southwark, Status.NOT_STARTED, swk_users, officer=swk_users["assessor"])
    document_add(
        application=application, user=None, name="plans.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    return application


@pytest.fixture
def officer(client_for, southwark, swk_users):
    return client_for(southwark, swk_users["assessor"])


def base(case):
    return f"/applications/{case.reference}/validation"


def test_the_task_list_shows_the_family_tasks_with_their_status(officer, case):
    page = officer.get(base(case))
    assert page.status_code == 200
    html = page.content.decode()
    for title in (
        "Review documents",
        "Check red line boundary",
        "Check fee",
        "Add reporting details",
        "Send validation decision",
    ):
        assert title in html
    # Householder applications have the planning permission checks; their CIL and EIA can be confirmed together.
    assert "Not liable for the Community Infrastructure Levy" in html
    assert "Not started" in html


def test_confirming_checks_together_completes_them_in_one_submission(officer, case):
    answer = officer.post(f"{base(case)}/confirm", {"checks": ["boundary", "cil", "eia", "reporting"]})
    assert answer.status_code == 302
    statuses = dict(ValidationCheck.objects.filter(application=case).values_list("slug", "status"))
    assert statuses == dict.fromkeys(("boundary", "cil", "eia", "reporting"), TaskStatus.COMPLETED)
    case.refresh_from_db()
    assert (case.cil_liable, case.eia_required, case.development_type) == (False, False, "Q21")


def test_confirming_nothing_is_an_error_and_changes_nothing(officer, case):
    answer = officer.post(f"{base(case)}/confirm", {})
    assert answer.status_code == 400
    assert "Choose the checks that need no change" in answer.content.decode()
    assert not ValidationCheck.objects.filter(application=case).exists()


def test_marking_a_document_invalid_makes_a_replacement_request_and_moves_on(officer, case):
    # Every other task can be confirmed together (nothing is required and missing, nothing else needs input), so
    # saving lands on the task list at the batch confirmation.
    document = case.documents.get()
    prefix = f"doc-{document.pk}"
    answer = officer.post(
        f"{base(case)}/review-documents",
        {
            f"{prefix}-valid": "no",
            f"{prefix}-reason": "The plan has no scale bar.",
            f"{prefix}-tags": "sitePlan.proposed",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"{base(case)}#confirm")
    request = ValidationRequest.objects.get(application=case)
    assert (request.kind, request.state, request.document_id) == (
        RequestKind.REPLACEMENT_DOCUMENT,
        "pending",
        document.pk,
    )
    document.refresh_from_db()
    assert document.validity == "invalid" and document.tags == ["sitePlan.proposed"]


def test_an_invalid_document_without_a_reason_is_refused_with_an_error_summary(officer, case):
    document = case.documents.get()
    answer = officer.post(f"{base(case)}/review-documents", {f"doc-{document.pk}-valid": "no"})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "There is a problem" in html and "Say why the document is invalid" in html
    assert f'href="#id_doc-{document.pk}-reason"' in html
    assert not ValidationRequest.objects.exists()


def test_a_description_change_then_invalidation_sends_one_notice(officer, case):
    answer = officer.post(
        f"{base(case)}/description",
        {"valid": "no", "proposed": "Single storey rear extension", "reason": "Clearer words", "needs_approval": "yes"},
    )
    assert answer.status_code == 302
    assert not OutboxMessage.objects.filter(application=case).exists()  # pending until the invalidation
    decision = officer.get(f"{base(case)}/decision")
    assert "Invalidate application" in decision.content.decode()
    answer = officer.post(f"{base(case)}/decision", {"action": "invalidate"})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.INVALIDATED
    notices = OutboxMessage.objects.filter(application=case, subject__contains="not valid yet")
    assert notices.count() == 1  # the applicant only: the builder's case has no agent
    assert "Single storey rear extension" in notices.get().body
    assert "/respond/" in notices.get().body


def test_invalidating_with_no_request_says_why(officer, case):
    answer = officer.post(f"{base(case)}/decision", {"action": "invalidate"})
    assert answer.status_code == 400
    assert "Make at least one request" in answer.content.decode()
    case.refresh_from_db()
    assert case.status == Status.NOT_STARTED


def test_validating_sets_the_dates_and_sends_the_validation_notice(officer, case):
    received = timezone.localtime(case.received_at).date()
    answer = officer.post(
        f"{base(case)}/decision",
        {"action": "validate", "valid_from": received.strftime("%d/%m/%Y")},
    )
    assert answer.status_code == 302
    case = PlanningApplication.objects.get(pk=case.pk)
    assert case.status == Status.IN_ASSESSMENT
    assert case.valid_from == received
    notice = OutboxMessage.objects.get(application=case, subject__contains="is valid")
    from bops.core.dates import format_date

    assert format_date(case.statutory_date) in notice.body


def test_a_valid_from_date_before_receipt_is_refused(officer, case):
    answer = officer.post(f"{base(case)}/decision", {"action": "validate", "valid_from": "01/01/2020"})
    assert answer.status_code == 400
    assert "cannot be valid before" in answer.content.decode()
    case.refresh_from_db()
    assert case.status == Status.NOT_STARTED and case.valid_from is None


def test_a_live_request_blocks_validation(officer, case, swk_users):
    officer.post(f"{base(case)}/other-requests", {"action": "request", "reason": "Sign the form"})
    answer = officer.post(
        f"{base(case)}/decision",
        {"action": "validate", "valid_from": timezone.localdate().strftime("%d/%m/%Y")},
    )
    assert answer.status_code == 400
    assert "waits to be sent" in answer.content.decode()
    case.refresh_from_db()
    assert case.status == Status.NOT_STARTED


def test_boundary_change_request_and_drawing_when_none(officer, case):
    answer = officer.post(f"{base(case)}/boundary", {"valid": "no", "boundary": "", "reason": "Include the driveway"})
    assert answer.status_code == 400 and "Draw the boundary you propose" in answer.content.decode()
    import json

    answer = officer.post(
        f"{base(case)}/boundary",
        {"valid": "no", "boundary": json.dumps(square(size=0.0004)), "reason": "Include the driveway"},
    )
    assert answer.status_code == 302
    request = ValidationRequest.objects.get(application=case, kind=RequestKind.BOUNDARY_CHANGE)
    assert request.original == case.boundary


def test_constraints_add_remove_and_confirm(officer, case):
    answer = officer.post(f"{base(case)}/constraints", {"action": "add", "code": "tpo", "reason": "TPO on the oak"})
    assert answer.status_code == 302
    constraint = case.constraints.get(code="tpo")
    page = officer.get(f"{base(case)}/constraints/{constraint.pk}/remove")
    assert page.status_code == 200
    answer = officer.post(f"{base(case)}/constraints/{constraint.pk}/remove", {"reason": ""})
    assert answer.status_code == 400
    answer = officer.post(f"{base(case)}/constraints/{constraint.pk}/remove", {"reason": "The TPO was revoked"})
    assert answer.status_code == 302
    constraint.refresh_from_db()
    assert constraint.removed_reason == "The TPO was revoked"
    assert AuditEntry.objects.filter(application=case, event="constraint_removed").exists()
    answer = officer.post(f"{base(case)}/constraints", {"action": "confirm"})
    assert answer.status_code == 302
    assert ValidationCheck.objects.get(application=case, slug="constraints").status == TaskStatus.COMPLETED


def test_eia_yes_gives_sixteen_weeks(officer, case):
    before = case.statutory_date
    answer = officer.post(f"{base(case)}/eia", {"required": "yes"})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert (case.statutory_date - before).days == 16 * 7 - 8 * 7


def test_a_time_extension_is_made_after_validation_from_the_request_page(officer, southwark, swk_users):
    application = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    url = f"/applications/{application.reference}/validation/requests/new"
    early = application.due_date.strftime("%d/%m/%Y")
    answer = officer.post(url, {"kind": "time_extension", "reason": "Awaiting a survey", "proposed_date": early})
    assert answer.status_code == 400
    assert "must be later than the current decision date" in answer.content.decode()
    later = (application.due_date + timezone.timedelta(days=14)).strftime("%d/%m/%Y")
    answer = officer.post(url, {"kind": "time_extension", "reason": "Awaiting a survey", "proposed_date": later})
    assert answer.status_code == 302
    request = ValidationRequest.objects.get(application=application)
    assert request.state == RequestState.OPEN and request.post_validation


def test_fee_change_is_not_offered_after_validation(officer, southwark, swk_users):
    application = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    answer = officer.post(
        f"/applications/{application.reference}/validation/requests/new", {"kind": "fee_change", "reason": "Underpaid"}
    )
    assert answer.status_code == 400
    assert not ValidationRequest.objects.filter(application=application).exists()


def test_cancelling_an_open_request_tells_the_applicant(officer, southwark, swk_users):
    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    request = application.validation_requests.get()
    url = f"/applications/{application.reference}/validation/requests/{request.pk}/cancel"
    assert officer.post(url, {"reason": ""}).status_code == 400
    assert officer.post(url, {"reason": "We found the signed form"}).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    assert OutboxMessage.objects.filter(application=application, subject__contains="cancelled").exists()
    # Cancelling again is refused with the reason, not a 500.
    again = officer.post(url, {"reason": "Again"})
    assert again.status_code == 400 and "cannot be cancelled" in again.content.decode()


def test_an_administrator_can_read_the_task_list_but_not_work_it(client_for, southwark, swk_users, case):
    admin = client_for(southwark, swk_users["administrator"])
    assert admin.get(base(case)).status_code == 200
    assert admin.post(f"{base(case)}/confirm", {"checks": ["cil"]}).status_code == 403
    assert admin.get(f"{base(case)}/fee").status_code == 403


def test_another_councils_officer_cannot_reach_the_case(client_for, lambeth, lbh_users, case):
    other = client_for(lambeth, lbh_users["assessor"])
    assert other.get(base(case)).status_code == 404
    assert other.post(f"{base(case)}/confirm", {"checks": ["cil"]}).status_code == 404


def test_a_determined_case_cannot_be_worked(officer, southwark, swk_users):
    application = make_application_in(southwark, Status.DETERMINED, swk_users)
    answer = officer.post(f"/applications/{application.reference}/validation/fee", {"valid": "no", "reason": "x"})
    assert answer.status_code == 409
    assert not ValidationRequest.objects.filter(application=application).exists()


def test_an_unknown_task_is_a_404(officer, case):
    assert officer.get(f"{base(case)}/no-such-task").status_code == 404


def test_an_answer_shows_as_updated_until_the_officer_reads_the_requests(officer, southwark, swk_users):
    from bops.validation.services import Answered, validation_request_answer

    application = make_application_in(southwark, Status.INVALIDATED, swk_users, officer=swk_users["assessor"])
    request = application.validation_requests.get()
    validation_request_answer(
        council=southwark,
        application_id=application.pk,
        request_id=request.pk,
        answer=Answered(text="I have signed it and sent it again."),
        through="link",
    )
    case_page = officer.get(f"/applications/{application.reference}").content.decode()
    assert "1 new answer from the applicant" in case_page
    tasks = officer.get(f"/applications/{application.reference}/validation").content.decode()
    assert "Action required" in tasks
    listing = officer.get(f"/applications/{application.reference}/validation/requests").content.decode()
    assert "Updated" in listing and "I have signed it and sent it again." in listing
    request.refresh_from_db()
    assert request.officer_seen
    assert "Updated" not in officer.get(f"/applications/{application.reference}/validation/requests").content.decode()
    detail = officer.get(f"/applications/{application.reference}/validation/requests/{request.pk}")
    assert detail.status_code == 200 and "I have signed it and sent it again." in detail.content.decode()


def test_the_case_history_shows_each_message_in_full(officer, southwark, swk_users):
    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    page = officer.get(f"/applications/{application.reference}").content.decode()
    assert "Message sent" in page
    assert "The form is not signed." in page  # the request's reason, inside the invalidation notice's text


def test_an_invalid_case_past_its_response_date_is_flagged(client_for, southwark, swk_users):
    import time_machine

    from bops.core.dates import LONDON, format_date

    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    due = application.validation_requests.get().response_due
    on_time = client_for(southwark, swk_users["assessor"]).get(f"/applications/{application.reference}")
    assert "answers were due by" not in on_time.content.decode()
    later = timezone.datetime.combine(due + timezone.timedelta(days=3), timezone.datetime.min.time(), tzinfo=LONDON)
    with time_machine.travel(later.replace(hour=12), tick=False):
        page = client_for(southwark, swk_users["assessor"]).get(f"/applications/{application.reference}")
    assert f"answers were due by {format_date(due)}" in page.content.decode()


def test_the_councils_own_required_documents_are_checked_and_requested(client_for, southwark, swk_users, officer, case):
    admin = client_for(southwark, swk_users["administrator"])
    code = case.application_type.code
    answer = admin.post(
        f"/admin/application-types/{code}",
        {
            "is_active": "true",
            "period_days_override": "",
            "required_documents": "Flood risk assessment\n\nBat survey\n",
        },
    )
    assert answer.status_code == 302
    assert AuditEntry.objects.filter(event="application_type_updated").latest("id").data["after"][
        "required_documents"
    ] == ["Flood risk assessment", "Bat survey"]
    page = officer.get(f"{base(case)}/check-documents").content.decode()
    assert "Flood risk assessment" in page and "Missing" in page
    answer = officer.post(
        f"{base(case)}/check-documents",
        {"wanted": ["Flood risk assessment"], "reason": "The site is in flood zone 3."},
    )
    assert answer.status_code == 302
    request = ValidationRequest.objects.get(application=case)
    assert (request.kind, request.document_type) == (RequestKind.ADDITIONAL_DOCUMENT, "Flood risk assessment")
    page = officer.get(f"{base(case)}/check-documents").content.decode()
    assert "Requested" in page


def test_asking_for_documents_without_a_reason_is_refused(officer, client_for, southwark, swk_users, case):
    answer = officer.post(f"{base(case)}/check-documents", {"other": "Bat survey"})
    assert answer.status_code == 400
    assert "Say why you need the documents" in answer.content.decode()
    assert not ValidationRequest.objects.filter(application=case).exists()


def test_the_validation_pages_make_as_many_queries_for_many_documents_and_requests_as_for_few(
    officer, southwark, swk_users
):
    """Page query counts stay flat as a case gathers documents and requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts(application):
        found = {}
        for path in ("", "/review-documents", "/requests", "/decision"):
            with CaptureQueriesContext(connection) as queries:
                assert officer.get(f"/applications/{application.reference}/validation{path}").status_code == 200
            found[path] = len(queries)
        with CaptureQueriesContext(connection) as queries:
            officer.get(f"/applications/{application.reference}")
        found["case"] = len(queries)
        return found

    def grown(count):
        application = make_application_in(southwark, Status.NOT_STARTED, swk_users)
        for n in range(count):
            document = document_add(
                application=application,
                user=None,
                name=f"plan-{n}.pdf",
                content=PDF,
                content_type="application/pdf",
                tags=[],
            )
            from bops.validation.services import NewRequest, validation_request_create

            validation_request_create(
                council=southwark,
                application_id=application.pk,
                user=swk_users["assessor"],
                new=NewRequest(kind=RequestKind.REPLACEMENT_DOCUMENT, reason="No scale", document_id=document.pk),
            )
        return application

    assert counts(grown(1)) == counts(grown(6))
