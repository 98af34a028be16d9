"""The valid-from date and the validation decision: the day the last required item arrived, what moves it and
what does not, the dates that follow from it, and what validation refuses (DMPO 2015 art. 34; bops-domain.md §3)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from bops.accounts.models import Role
from bops.applications.models import PlanningApplication, Status
from bops.applications.tests.builders import make_application, square
from bops.core import dates
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.documents.models import Document
from bops.documents.services import Upload, document_add
from bops.notifications.models import OutboxMessage
from bops.validation import services
from bops.validation.models import RequestKind, RequestState, ValidationCheck, ValidationRequest
from bops.validation.services import Answered, DocumentReview, NewRequest

pytestmark = pytest.mark.django_db

K = RequestKind
LONDON = ZoneInfo("Europe/London")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AGENT = "agent@architects.example"
APPLICANT = "jo@applicant.example"

# A calendar with no bank holidays near it: received on Monday 4 March 2024.
RECEIVED = date(2024, 3, 4)


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def snapshot(application: PlanningApplication) -> dict:
    """Everything a refused validation must leave as it was."""
    pk = application.pk
    return {
        "case": PlanningApplication.objects.filter(pk=pk).values().get(),
        "requests": list(ValidationRequest.objects.filter(application_id=pk).order_by("pk").values()),
        "checks": list(ValidationCheck.objects.filter(application_id=pk).order_by("pk").values()),
        "documents": list(Document.objects.filter(application_id=pk).order_by("pk").values()),
        "audit": AuditEntry.objects.filter(application_id=pk).count(),
        "outbox": OutboxMessage.objects.filter(application_id=pk).count(),
    }


@pytest.fixture
def officer(swk_users):
    return swk_users[Role.ASSESSOR]


@pytest.fixture
def case(southwark, officer, time_machine):
    """A householder application received on RECEIVED, with an applicant and an agent, and an officer."""
    time_machine.move_to(at(RECEIVED), tick=False)
    application = make_application(southwark, submitted_at=at(RECEIVED, 10), officer=officer)
    PlanningApplication.objects.filter(pk=application.pk).update(agent_name="A. Architect", agent_email=AGENT)
    application.refresh_from_db()
    assert timezone_date(application.received_at) == RECEIVED
    return application


def timezone_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def ask(application, user, new):
    return services.validation_request_create(
        council=application.council, application_id=application.pk, user=user, new=new
    )


def answer(application, request, answered):
    return services.validation_request_answer(
        council=application.council,
        application_id=application.pk,
        request_id=request.pk,
        answer=answered,
        through="link",
    )


def validate(application, user, valid_from):
    return services.application_validate(
        council=application.council, application_id=application.pk, user=user, valid_from=valid_from
    )


def fresh(application):
    return PlanningApplication.objects.select_related("application_type").get(pk=application.pk)


def a_request_of(kind, application, officer):
    """A pre-validation request of `kind` and the answer the applicant gives to it."""
    reason = "Please."
    if kind == K.ADDITIONAL_DOCUMENT:
        new = NewRequest(kind=kind, reason=reason, document_type="floorPlan")
        reply = Answered(uploads=[Upload(name="floor.pdf", content=PDF)])
    elif kind == K.REPLACEMENT_DOCUMENT:
        document = document_add(
            application=application, user=None, name="plan.pdf", content=PDF, content_type="application/pdf", tags=[]
        )
        new = NewRequest(kind=kind, reason=reason, document_id=document.pk)
        reply = Answered(uploads=[Upload(name="plan-b.pdf", content=PDF)])
    elif kind == K.DESCRIPTION_CHANGE:
        new = NewRequest(kind=kind, reason=reason, proposed="A smaller rear extension")
        reply = Answered(agree=True)
    elif kind == K.BOUNDARY_CHANGE:
        new = NewRequest(kind=kind, reason=reason, proposed=square(size=0.0003))
        reply = Answered(agree=False, reason="The garden is ours.")
    else:
        new = NewRequest(kind=kind, reason=reason)
        reply = Answered(text="Done.")
    return ask(application, officer, new), reply


MOVES = [K.ADDITIONAL_DOCUMENT, K.REPLACEMENT_DOCUMENT, K.BOUNDARY_CHANGE, K.FEE_CHANGE, K.OTHER_CHANGE]
MOVES += [K.OWNERSHIP_CERTIFICATE]


def test_with_nothing_asked_the_application_is_valid_from_the_day_it_was_received(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=9)), tick=False)
    assert services.suggested_valid_from(case) == RECEIVED


def test_an_application_sent_on_a_saturday_is_valid_from_the_monday(southwark, time_machine):
    time_machine.move_to(at(date(2024, 3, 12)), tick=False)
    application = make_application(southwark, submitted_at=at(date(2024, 3, 9), 14))
    assert services.suggested_valid_from(application) == date(2024, 3, 11)


@pytest.mark.parametrize("kind", [*MOVES, K.DESCRIPTION_CHANGE])
def test_the_last_answer_to_a_required_item_moves_the_date_a_description_change_does_not(
    case, officer, time_machine, kind
):
    time_machine.move_to(at(RECEIVED + timedelta(days=1)), tick=False)
    request, reply = a_request_of(kind, case, officer)
    services.application_invalidate(council=case.council, application_id=case.pk, user=officer)
    answered_on = RECEIVED + timedelta(days=8)
    time_machine.move_to(at(answered_on, 16), tick=False)

    answer(case, request, reply)
    time_machine.move_to(at(answered_on + timedelta(days=2)), tick=False)

    expected = RECEIVED if kind == K.DESCRIPTION_CHANGE else answered_on
    assert services.suggested_valid_from(fresh(case)) == expected


def test_the_date_is_the_latest_answer_and_cancelled_or_descriptive_requests_do_not_count(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=1)), tick=False)
    document, document_reply = a_request_of(K.ADDITIONAL_DOCUMENT, case, officer)
    fee, fee_reply = a_request_of(K.FEE_CHANGE, case, officer)
    description, description_reply = a_request_of(K.DESCRIPTION_CHANGE, case, officer)
    cancelled, _ = a_request_of(K.OTHER_CHANGE, case, officer)
    services.application_invalidate(council=case.council, application_id=case.pk, user=officer)

    time_machine.move_to(at(date(2024, 3, 7)), tick=False)
    answer(case, document, document_reply)
    time_machine.move_to(at(date(2024, 3, 12)), tick=False)
    answer(case, fee, fee_reply)  # the last required item
    time_machine.move_to(at(date(2024, 3, 14)), tick=False)
    answer(case, description, description_reply)
    time_machine.move_to(at(date(2024, 3, 15)), tick=False)
    services.validation_request_cancel(
        council=case.council, application_id=case.pk, request_id=cancelled.pk, user=officer, reason="Not needed."
    )

    time_machine.move_to(at(date(2024, 3, 18)), tick=False)
    assert services.suggested_valid_from(fresh(case)) == date(2024, 3, 12)

    before = snapshot(case)
    with pytest.raises(DomainError) as refused:
        validate(case, officer, date(2024, 3, 11))
    assert str(refused.value) == (
        "The application cannot be valid before 12 March 2024, the day the last required item arrived."
    )
    assert refused.value.field == "valid_from"
    assert snapshot(case) == before

    validated = validate(case, officer, date(2024, 3, 12))
    assert validated.status == Status.IN_ASSESSMENT
    assert validated.valid_from == date(2024, 3, 12)
    assert validated.statutory_date == date(2024, 5, 7)  # 8 weeks, counted from the day after


def test_an_answer_just_after_midnight_counts_on_that_day_in_london(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=1)), tick=False)
    request, reply = a_request_of(K.OTHER_CHANGE, case, officer)
    services.application_invalidate(council=case.council, application_id=case.pk, user=officer)
    time_machine.move_to(datetime(2024, 7, 2, 0, 30, tzinfo=LONDON), tick=False)  # still 1 July in UTC
    answer(case, request, reply)
    assert services.suggested_valid_from(fresh(case)) == date(2024, 7, 2)


@pytest.mark.parametrize("days_ahead", [1, 30])
def test_a_valid_from_date_in_the_future_is_refused(case, officer, time_machine, days_ahead):
    today = RECEIVED + timedelta(days=3)
    time_machine.move_to(at(today), tick=False)
    before = snapshot(case)
    with pytest.raises(DomainError, match="cannot be in the future"):
        validate(case, officer, today + timedelta(days=days_ahead))
    assert snapshot(case) == before


def test_a_date_before_receipt_is_refused(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)
    before = snapshot(case)
    with pytest.raises(DomainError, match="cannot be valid before 4 March 2024"):
        validate(case, officer, RECEIVED - timedelta(days=1))
    assert snapshot(case) == before


def test_a_later_day_than_suggested_may_be_chosen(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)
    validated = validate(case, officer, RECEIVED + timedelta(days=2))
    assert validated.valid_from == RECEIVED + timedelta(days=2)


# --- The dates that follow ------------------------------------------------------------------------------------


def test_validation_sets_the_key_dates_and_sends_the_notice_with_the_date_in_words(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)

    validated = validate(case, officer, RECEIVED)

    statutory = dates.statutory_determination_date(valid_from=RECEIVED, period_days=dates.EIGHT_WEEKS)
    assert validated.statutory_date == statutory == date(2024, 4, 29)
    assert validated.due_date == statutory
    assert validated.target_date == dates.target_date(
        determination_date=statutory, days_before=case.council.target_days_before_due
    )
    assert validated.in_assessment_at is not None
    emails = list(OutboxMessage.objects.filter(application=case).order_by("pk"))
    assert sorted(m.to for m in emails) == [AGENT, APPLICANT]
    body = emails[0].body
    assert emails[0].subject == f"Your application {case.reference_in_full} is valid"
    assert "Your application is valid from 4 March 2024." in body
    assert f"We must decide your application by {dates.format_date(statutory)}" in body
    assert "29 April 2024" in body
    notice = AuditEntry.objects.filter(application=case, event="message_sent").get()
    assert notice.data["message"] == "validation_notice"
    assert notice.data["to"] == [AGENT, APPLICANT]
    assert notice.data["body"] == body
    assert AuditEntry.objects.filter(application=case, event="validate").get().actor == officer
    decision = ValidationCheck.objects.get(application=case, slug="decision")
    assert decision.completed_by == officer


def test_an_eia_application_has_sixteen_weeks(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)
    services.eia_set(council=case.council, application_id=case.pk, user=officer, required=True)

    validated = validate(case, officer, RECEIVED + timedelta(days=1))

    assert validated.statutory_date == RECEIVED + timedelta(days=1) + timedelta(weeks=16) == date(2024, 6, 25)
    assert "25 June 2024" in OutboxMessage.objects.filter(application=case).latest("pk").body


def test_an_eia_decision_moves_the_dates_at_once_and_is_audited(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)
    application = services.eia_set(council=case.council, application_id=case.pk, user=officer, required=True)
    assert application.statutory_date == RECEIVED + timedelta(weeks=16)
    entry = AuditEntry.objects.filter(application=case, event="eia_set").get()
    assert entry.data == {
        "required": True,
        "statutory_date_before": (RECEIVED + timedelta(weeks=8)).isoformat(),
        "statutory_date": (RECEIVED + timedelta(weeks=16)).isoformat(),
    }
    application = services.eia_set(council=case.council, application_id=case.pk, user=officer, required=False)
    assert application.statutory_date == RECEIVED + timedelta(weeks=8)


# --- What validation refuses --------------------------------------------------------------------------------


def test_validation_waits_for_every_request_before_validation(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=1)), tick=False)
    request, reply = a_request_of(K.OTHER_CHANGE, case, officer)
    before = snapshot(case)
    with pytest.raises(DomainError, match=f"Request {request.sequence} \\(other change\\) waits to be sent"):
        validate(case, officer, RECEIVED)
    assert snapshot(case) == before

    services.application_invalidate(council=case.council, application_id=case.pk, user=officer)
    before = snapshot(case)
    with pytest.raises(DomainError, match="waits for the applicant's answer"):
        validate(case, officer, RECEIVED)
    assert snapshot(case) == before

    answer(case, request, reply)
    assert validate(case, officer, RECEIVED + timedelta(days=1)).status == Status.IN_ASSESSMENT


def test_validation_refuses_an_invalid_document_not_replaced(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=1)), tick=False)
    document = document_add(
        application=case, user=None, name="plan.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    [request] = services.documents_review(
        council=case.council,
        application_id=case.pk,
        user=officer,
        reviews=[DocumentReview(document_id=document.pk, valid=False, reason="Blurred")],
    )
    services.validation_request_cancel(
        council=case.council, application_id=case.pk, request_id=request.pk, user=officer, reason="Asked by phone."
    )
    before = snapshot(case)
    with pytest.raises(DomainError, match="plan.pdf is marked invalid and has not been replaced"):
        validate(case, officer, RECEIVED)
    assert snapshot(case) == before


def test_validation_needs_a_red_line_boundary(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=1)), tick=False)
    PlanningApplication.objects.filter(pk=case.pk).update(boundary=None)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Draw or confirm the red line boundary first"):
        validate(case, officer, RECEIVED)
    assert snapshot(case) == before


def test_a_validated_case_cannot_be_validated_again(case, officer, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)
    validate(case, officer, RECEIVED)
    before = snapshot(case)
    with pytest.raises(DomainError, match="You cannot validate a case that is in assessment"):
        validate(case, officer, RECEIVED + timedelta(days=1))
    assert snapshot(case) == before


def test_only_assessors_and_reviewers_validate(case, swk_users, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        validate(case, swk_users[Role.ADMINISTRATOR], RECEIVED)
    assert snapshot(case) == before
    assert validate(case, swk_users[Role.REVIEWER], RECEIVED).status == Status.IN_ASSESSMENT


def test_another_council_cannot_validate_the_case(case, lambeth, lbh_users, time_machine):
    time_machine.move_to(at(RECEIVED + timedelta(days=3)), tick=False)
    before = snapshot(case)
    with pytest.raises(DomainError, match="There is no such case in your council"):
        services.application_validate(
            council=lambeth, application_id=case.pk, user=lbh_users[Role.ASSESSOR], valid_from=RECEIVED
        )
    assert snapshot(case) == before
    assert fresh(case).status == Status.NOT_STARTED
    assert fresh(case).valid_from is None
    assert not ValidationRequest.objects.filter(application=case, state=RequestState.PENDING).exists()
