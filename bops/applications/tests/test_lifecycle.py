"""The lifecycle table: every event from every status, allowed or refused, and what each does to the case."""

import pytest
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications import services
from bops.applications.lifecycle import TRANSITIONS, Event
from bops.applications.models import Status
from bops.applications.tests.builders import (
    add_pending_request,
    add_recommendation,
    make_application_in,
    settle_requests,
)
from bops.assessment.tests.builders import complete_assessment
from bops.core.errors import DomainError
from bops.core.models import AuditEntry

# The table as the law and BOPS describe it (bops-domain.md §1.2), written out independently of lifecycle.py.
IN_PROGRESS = {
    "not_started",
    "invalidated",
    "in_assessment",
    "awaiting_determination",
    "in_committee",
    "to_be_reviewed",
}
EXPECTED = {
    Event.ACCEPT: ({"pending"}, "not_started", Role.ASSESSOR),
    Event.VALIDATE: ({"not_started", "invalidated"}, "in_assessment", Role.ASSESSOR),
    Event.INVALIDATE: ({"not_started"}, "invalidated", Role.ASSESSOR),
    Event.SUBMIT_RECOMMENDATION: (
        {"in_assessment", "to_be_reviewed", "in_committee"},
        "awaiting_determination",
        Role.ASSESSOR,
    ),
    Event.WITHDRAW_RECOMMENDATION: ({"awaiting_determination"}, "in_assessment", Role.ASSESSOR),
    Event.SEND_TO_COMMITTEE: ({"awaiting_determination"}, "in_committee", Role.REVIEWER),
    Event.CHALLENGE: ({"awaiting_determination", "in_committee"}, "to_be_reviewed", Role.REVIEWER),
    Event.DETERMINE: ({"awaiting_determination", "in_committee"}, "determined", Role.REVIEWER),
    Event.RETURN: (IN_PROGRESS, "returned", Role.ASSESSOR),
    Event.WITHDRAW: (IN_PROGRESS, "withdrawn", Role.ASSESSOR),
    Event.CLOSE: (IN_PROGRESS, "closed", Role.ASSESSOR),
}
CASES = [(status, event) for status in Status for event in Event]


def test_the_table_has_every_event():
    assert set(TRANSITIONS) == set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "event"), CASES, ids=[f"{s.value}-{e.value}" for s, e in CASES])
def test_every_event_from_every_status(southwark, swk_users, status, event):
    sources, target, role = EXPECTED[event]
    application = make_application_in(southwark, status, swk_users)
    if event == Event.VALIDATE and application.valid_from is None:
        application = services.planning_application_set_valid_from(
            council=southwark,
            application_id=application.pk,
            user=swk_users[Role.ASSESSOR],
            valid_from=timezone.localtime(application.received_at).date(),
        )
    if event == Event.INVALIDATE and status == Status.NOT_STARTED:
        add_pending_request(application, swk_users[Role.ASSESSOR])
    if event == Event.VALIDATE:
        settle_requests(application)
    if event == Event.SUBMIT_RECOMMENDATION and not application.recommendations.exists():
        if status == Status.IN_ASSESSMENT:
            complete_assessment(application, swk_users[Role.ASSESSOR])
        add_recommendation(application, swk_users[Role.ASSESSOR])
    if event == Event.DETERMINE:
        application.recommendations.update(review="agreed", reviewed_by=swk_users[Role.REVIEWER])
    audits_before = AuditEntry.objects.filter(application=application).count()

    def fire():
        return services.planning_application_transition(
            council=southwark, application_id=application.pk, user=swk_users[role], event=event, reason="Because"
        )

    if status.value in sources:
        changed = fire()
        assert changed.status == target
        assert getattr(changed, f"{target}_at") is not None
        entry = AuditEntry.objects.filter(application=application).order_by("-id").first()
        assert entry.event == event.value
        assert entry.data == {"from": status.value, "to": target}
        assert entry.actor == swk_users[role]
    else:
        with pytest.raises(DomainError, match="cannot"):
            fire()
        application.refresh_from_db()
        assert application.status == status
        assert AuditEntry.objects.filter(application=application).count() == audits_before


@pytest.mark.django_db
@pytest.mark.parametrize("event", [Event.DETERMINE, Event.CHALLENGE, Event.SEND_TO_COMMITTEE])
def test_only_a_reviewer_can_fire_reviewer_events(southwark, swk_users, event):
    application = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    for role in (Role.ASSESSOR, Role.ADMINISTRATOR):
        with pytest.raises(DomainError, match="Only a reviewer"):
            services.planning_application_transition(
                council=southwark, application_id=application.pk, user=swk_users[role], event=event, reason="x"
            )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DETERMINATION


@pytest.mark.django_db
def test_an_administrator_cannot_close_a_case(southwark, swk_users):
    application = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    with pytest.raises(DomainError, match="Only a assessor or reviewer"):
        services.planning_application_transition(
            council=southwark,
            application_id=application.pk,
            user=swk_users[Role.ADMINISTRATOR],
            event=Event.CLOSE,
            reason="x",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("event", [Event.WITHDRAW, Event.RETURN, Event.CLOSE, Event.CHALLENGE])
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_closing_and_challenging_need_a_reason(southwark, swk_users, event, reason):
    status = Status.AWAITING_DETERMINATION if event == Event.CHALLENGE else Status.IN_ASSESSMENT
    application = make_application_in(southwark, status, swk_users)
    with pytest.raises(DomainError, match="Enter the reason") as error:
        services.planning_application_transition(
            council=southwark,
            application_id=application.pk,
            user=swk_users[Role.REVIEWER],
            event=event,
            reason=reason,
        )
    assert error.value.field == "reason"
    application.refresh_from_db()
    assert application.status == status
    assert application.closure_reason == ""


@pytest.mark.django_db
def test_the_reason_is_kept_on_the_case_and_in_the_history(southwark, swk_users):
    application = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    services.planning_application_transition(
        council=southwark,
        application_id=application.pk,
        user=swk_users[Role.ASSESSOR],
        event=Event.WITHDRAW,
        reason="  The applicant withdrew by email on 3 May.  ",
    )
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.closure_reason == "The applicant withdrew by email on 3 May."
    entry = AuditEntry.objects.filter(application=application, event="withdraw").get()
    assert entry.comment == "The applicant withdrew by email on 3 May."


@pytest.mark.django_db
def test_validating_needs_the_valid_from_date(southwark, swk_users):
    application = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    with pytest.raises(DomainError, match="Confirm the date the application became valid"):
        services.planning_application_transition(
            council=southwark, application_id=application.pk, user=swk_users[Role.ASSESSOR], event=Event.VALIDATE
        )


@pytest.mark.django_db
def test_a_case_of_another_council_cannot_be_changed(southwark, lambeth, swk_users, lbh_users):
    theirs = make_application_in(lambeth, Status.NOT_STARTED, lbh_users)
    with pytest.raises(DomainError, match="no such case"):
        services.planning_application_transition(
            council=southwark, application_id=theirs.pk, user=swk_users[Role.ASSESSOR], event=Event.CLOSE, reason="x"
        )
    theirs.refresh_from_db()
    assert theirs.status == Status.NOT_STARTED
