"""The validation stage's daily job, run through the scheduler as it runs in production, with time moved on."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from bops.applications.lifecycle import Event
from bops.applications.models import Status
from bops.applications.services import planning_application_transition
from bops.applications.tests.builders import make_application_in, square
from bops.core.dates import LONDON, add_working_days
from bops.core.models import AuditEntry, ScheduledRun
from bops.core.scheduler import run_due
from bops.notifications.models import OutboxMessage
from bops.validation.models import RequestKind, RequestState
from bops.validation.services import (
    Answered,
    NewRequest,
    application_invalidate,
    validation_request_answer,
    validation_request_cancel,
    validation_request_create,
    validation_requests_auto_accept,
)
from bops.validation.tasks import validation_requests_daily

MONDAY = date(2026, 3, 2)  # no bank holiday within three weeks either side
DUE = date(2026, 3, 9)  # five working days on
NEW_BOUNDARY = square(lon=-0.0712, lat=51.4690, size=0.0003)


@pytest.fixture
def on(time_machine):
    """Move the clock to a London date and time (the clock stands still there)."""

    def move(day: date, at: time = time(10, 0)) -> None:
        time_machine.move_to(datetime.combine(day, at, tzinfo=LONDON), tick=False)

    return move


@pytest.fixture
def run_days(on):
    """Run the scheduler at 09:05 each day from `first` to `last`, as the every-minute loop would."""

    def run(first: date, last: date) -> None:
        day = first
        while day <= last:
            on(day, time(9, 5))
            run_due(timezone.now())
            day += timedelta(days=1)

    return run


def send(southwark, swk_users, kind=RequestKind.DESCRIPTION_CHANGE, proposed="New words", status=Status.NOT_STARTED):
    """A case with one open request of `kind`, sent today: with the invalidation before validation, at once after."""
    application = make_application_in(southwark, status, swk_users)
    request = validation_request_create(
        council=southwark,
        application_id=application.pk,
        user=swk_users["assessor"],
        new=NewRequest(kind=kind, reason="We need to agree this with you.", proposed=proposed),
    )
    if status == Status.NOT_STARTED:
        application_invalidate(council=southwark, application_id=application.pk, user=swk_users["assessor"])
    request.refresh_from_db()
    assert request.state == RequestState.OPEN
    return application, request


def messages(application, kind):
    return list(AuditEntry.objects.filter(application=application, event="message_sent", data__message=kind))


def auto_accepted(application):
    return AuditEntry.objects.filter(application=application, event="validation_request_auto_accepted").count()


def test_an_unanswered_description_change_is_accepted_the_day_after_its_response_date(
    southwark, swk_users, on, run_days
):
    on(MONDAY)
    application, request = send(southwark, swk_users)
    assert request.response_due == DUE == add_working_days(MONDAY, 5)

    run_days(MONDAY + timedelta(days=1), DUE)
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.state == RequestState.OPEN
    assert application.description == "Erection of a single storey rear extension"

    run_days(DUE + timedelta(days=1), DUE + timedelta(days=1))
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.state == RequestState.CLOSED
    assert (request.approved, request.auto_closed, request.answered_through) == (True, True, "automatic")
    assert application.description == "New words"

    (accepted,) = AuditEntry.objects.filter(application=application, event="validation_request_auto_accepted")
    assert accepted.actor is None
    assert accepted.data["response_due"] == DUE.isoformat()
    (email,) = OutboxMessage.objects.filter(application=application, subject__contains="we have made the change")
    assert email.to == "jo@applicant.example"
    assert "we have taken it that you agree" in email.body
    assert "by 9 March 2026" in email.body
    (sent,) = messages(application, "automatic_acceptance")
    assert sent.data["body"] == email.body
    assert sent.data["subject"] == email.subject
    assert sent.data["to"] == ["jo@applicant.example"]

    run = ScheduledRun.objects.get(job="validation-requests", day=DUE + timedelta(days=1))
    assert run.outcome == ScheduledRun.Outcome.SUCCEEDED
    assert run.detail == "1 accepted automatically, 0 reminded"


def test_a_response_date_across_easter_counts_working_days_only(southwark, swk_users, on, run_days):
    tuesday = date(2026, 3, 31)
    on(tuesday)
    application, request = send(southwark, swk_users)
    # Good Friday (3 April) and Easter Monday (6 April) are not working days.
    assert request.response_due == date(2026, 4, 9)

    run_days(tuesday + timedelta(days=1), date(2026, 4, 6))
    assert messages(application, "reminder") == []
    run_days(date(2026, 4, 7), date(2026, 4, 7))
    assert len(messages(application, "reminder")) == 1

    run_days(date(2026, 4, 8), date(2026, 4, 9))
    request.refresh_from_db()
    assert request.state == RequestState.OPEN
    assert len(messages(application, "reminder")) == 1

    run_days(date(2026, 4, 10), date(2026, 4, 10))
    request.refresh_from_db()
    assert request.state == RequestState.CLOSED
    assert auto_accepted(application) == 1


def test_an_unanswered_boundary_change_replaces_the_boundary(southwark, swk_users, on, run_days):
    on(MONDAY)
    application, request = send(southwark, swk_users, kind=RequestKind.BOUNDARY_CHANGE, proposed=NEW_BOUNDARY)
    before = application.boundary
    assert request.response_due == DUE

    run_days(MONDAY + timedelta(days=1), DUE)
    application.refresh_from_db()
    assert application.boundary == before

    run_days(DUE + timedelta(days=1), DUE + timedelta(days=1))
    application.refresh_from_db()
    request.refresh_from_db()
    assert request.state == RequestState.CLOSED
    assert application.boundary == request.proposed != before
    assert len(messages(application, "automatic_acceptance")) == 1


def test_an_unanswered_pre_commencement_condition_is_accepted(southwark, swk_users, on, run_days):
    on(MONDAY)
    application, request = send(
        southwark,
        swk_users,
        kind=RequestKind.PRE_COMMENCEMENT_CONDITION,
        proposed="No development shall begin until a construction plan is approved.",
        status=Status.IN_ASSESSMENT,
    )
    assert request.response_due == date(2026, 3, 16)

    run_days(MONDAY + timedelta(days=1), date(2026, 3, 17))
    request.refresh_from_db()
    assert (request.state, request.approved, request.auto_closed) == (RequestState.CLOSED, True, True)
    assert auto_accepted(application) == 1


def test_a_request_answered_before_the_job_is_left_alone(southwark, swk_users, on, run_days):
    on(MONDAY)
    application, request = send(southwark, swk_users)
    run_days(MONDAY + timedelta(days=1), date(2026, 3, 4))
    on(date(2026, 3, 4), time(15, 0))
    validation_request_answer(
        council=southwark,
        application_id=application.pk,
        request_id=request.pk,
        answer=Answered(agree=False, reason="The old words were right."),
        through="link",
    )

    run_days(date(2026, 3, 5), DUE + timedelta(days=3))
    request.refresh_from_db()
    application.refresh_from_db()
    assert (request.state, request.approved, request.auto_closed) == (RequestState.CLOSED, False, False)
    assert application.description == "Erection of a single storey rear extension"
    assert auto_accepted(application) == 0
    assert messages(application, "automatic_acceptance") == []
    assert messages(application, "reminder") == []


def test_a_cancelled_request_is_left_alone(southwark, swk_users, on, run_days):
    on(MONDAY)
    application, request = send(southwark, swk_users)
    validation_request_cancel(
        council=southwark,
        application_id=application.pk,
        request_id=request.pk,
        user=swk_users["assessor"],
        reason="The description is fine after all.",
    )

    run_days(MONDAY + timedelta(days=1), DUE + timedelta(days=3))
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    assert application.description == "Erection of a single storey rear extension"
    assert auto_accepted(application) == 0
    assert messages(application, "reminder") == []


def test_an_other_change_request_is_never_accepted_automatically(southwark, swk_users, on, run_days):
    on(MONDAY)
    application, request = send(southwark, swk_users, kind=RequestKind.OTHER_CHANGE, proposed=None)
    assert request.response_due == add_working_days(MONDAY, 15) == date(2026, 3, 23)

    run_days(MONDAY + timedelta(days=1), date(2026, 4, 30))
    request.refresh_from_db()
    assert request.state == RequestState.OPEN
    assert auto_accepted(application) == 0
    # It is still reminded, once, two working days before its date.
    (reminder,) = messages(application, "reminder")
    assert timezone.localdate(reminder.created_at) == date(2026, 3, 19)


def test_a_request_on_a_case_withdrawn_meanwhile_is_left_alone(southwark, swk_users, on, run_days):
    on(MONDAY)
    application, request = send(southwark, swk_users)
    planning_application_transition(
        council=southwark,
        application_id=application.pk,
        user=swk_users["assessor"],
        event=Event.WITHDRAW,
        reason="The applicant withdrew the application.",
    )

    run_days(MONDAY + timedelta(days=1), DUE + timedelta(days=3))
    request.refresh_from_db()
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert request.state == RequestState.OPEN
    assert application.description == "Erection of a single storey rear extension"
    assert auto_accepted(application) == 0
    assert messages(application, "reminder") == []
    assert messages(application, "automatic_acceptance") == []


def test_the_reminder_goes_once_two_working_days_before_the_response_date(southwark, swk_users, on, run_days):
    on(MONDAY)
    application, _ = send(southwark, swk_users)

    run_days(MONDAY + timedelta(days=1), date(2026, 3, 4))
    assert messages(application, "reminder") == []
    run_days(date(2026, 3, 5), date(2026, 3, 5))
    (reminder,) = messages(application, "reminder")
    assert "please answer by 9 March 2026" in reminder.data["subject"]
    assert OutboxMessage.objects.filter(application=application, subject=reminder.data["subject"]).count() == 1

    run_days(date(2026, 3, 6), DUE)
    assert len(messages(application, "reminder")) == 1


def test_running_the_job_twice_on_one_day_acts_once(southwark, swk_users, on):
    on(MONDAY)
    application, _ = send(southwark, swk_users)

    reminder_day = date(2026, 3, 5)
    on(reminder_day, time(9, 5))
    assert validation_requests_daily(today=reminder_day) == "0 accepted automatically, 1 reminded"
    assert validation_requests_daily(today=reminder_day) == "0 accepted automatically, 0 reminded"
    assert len(messages(application, "reminder")) == 1

    accept_day = DUE + timedelta(days=1)
    on(accept_day, time(9, 5))
    assert validation_requests_daily(today=accept_day) == "1 accepted automatically, 0 reminded"
    assert validation_requests_daily(today=accept_day) == "0 accepted automatically, 0 reminded"
    # And through the scheduler, a second pass the same day claims nothing.
    assert "validation-requests" in [run.job for run in run_due(timezone.now())]
    assert run_due(timezone.now()) == []
    assert auto_accepted(application) == 1
    assert len(messages(application, "automatic_acceptance")) == 1


def test_one_request_that_fails_does_not_stop_the_others(southwark, swk_users, on, monkeypatch, caplog):
    from bops.validation import messages as validation_messages

    on(date(2026, 3, 2))
    first, _ = send(southwark, swk_users)
    second, _ = send(southwark, swk_users)
    real = validation_messages.auto_acceptance_notice

    def fail_for_first(*, application, request):
        if application.pk == first.pk:
            raise OSError("Notify is down for this one")
        real(application=application, request=request)

    monkeypatch.setattr(validation_messages, "auto_acceptance_notice", fail_for_first)
    on(DUE + timedelta(days=1))
    assert validation_requests_auto_accept() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    # The failed one changed nothing (its transaction rolled back) and is tried again the next day.
    assert first.description != "New words" and auto_accepted(first) == 0
    assert second.description == "New words" and auto_accepted(second) == 1
    assert "failed" in caplog.text
