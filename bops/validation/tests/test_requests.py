"""Requests to the applicant: the ten kinds, when each may be made, how they are sent, their deadlines, one at a
time, cancelling, what they block, and the audit of each step (bops-domain.md §3.1 and §3.2)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from bops.accounts.models import Role
from bops.applications import services as applications
from bops.applications.lifecycle import Event
from bops.applications.models import PlanningApplication, Status
from bops.applications.tests.builders import make_application_in, square
from bops.core import dates
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.documents.models import Document
from bops.documents.services import document_add
from bops.notifications.models import OutboxMessage
from bops.validation import services
from bops.validation.models import RequestKind, RequestState, ValidationCheck, ValidationRequest
from bops.validation.rules import RULES
from bops.validation.services import Answered, NewRequest

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AGENT = "agent@architects.example"
APPLICANT = "jo@applicant.example"

K = RequestKind
PRE = {Status.NOT_STARTED, Status.INVALIDATED}
POST = {Status.IN_ASSESSMENT, Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE, Status.TO_BE_REVIEWED}
ANY = PRE | POST

# The issue's table, written out independently of rules.py:
# (working days to answer, accepted by itself, when it may be made, one live at a time, answer moves valid-from).
EXPECTED = {
    K.ADDITIONAL_DOCUMENT: (15, False, ANY, False, True),
    K.REPLACEMENT_DOCUMENT: (15, False, ANY, False, True),
    K.DESCRIPTION_CHANGE: (5, True, ANY, True, False),
    K.BOUNDARY_CHANGE: (5, True, ANY, True, True),
    K.FEE_CHANGE: (15, False, PRE, True, True),
    K.OTHER_CHANGE: (15, False, PRE, False, True),
    K.OWNERSHIP_CERTIFICATE: (15, False, ANY, True, True),
    K.PRE_COMMENCEMENT_CONDITION: (10, True, POST, False, False),
    K.HEADS_OF_TERMS: (15, False, POST, False, False),
    K.TIME_EXTENSION: (15, False, POST, True, False),
}
ONE_AT_A_TIME = [kind for kind, expected in EXPECTED.items() if expected[3]]
AFTER_VALIDATION_KINDS = [kind for kind, expected in EXPECTED.items() if Status.IN_ASSESSMENT in expected[2]]
CLOSED_CASES = [Status.DETERMINED, Status.WITHDRAWN, Status.CLOSED, Status.RETURNED]


def snapshot(application: PlanningApplication) -> dict:
    """Everything a refused action must leave as it was."""
    pk = application.pk
    return {
        "case": PlanningApplication.objects.filter(pk=pk).values().get(),
        "requests": list(ValidationRequest.objects.filter(application_id=pk).order_by("pk").values()),
        "checks": list(ValidationCheck.objects.filter(application_id=pk).order_by("pk").values()),
        "documents": list(Document.objects.filter(application_id=pk).order_by("pk").values()),
        "audit": AuditEntry.objects.filter(application_id=pk).count(),
        "outbox": OutboxMessage.objects.filter(application_id=pk).count(),
    }


def case_in(council, status, users, *, agent=False):
    application = make_application_in(council, status, users)
    if agent:
        PlanningApplication.objects.filter(pk=application.pk).update(agent_name="A. Architect", agent_email=AGENT)
        application.refresh_from_db()
    return application


def new_request(kind: RequestKind, application: PlanningApplication) -> NewRequest:
    """A request of `kind` an officer could make on `application`, with everything its kind needs."""
    reason = f"We need this ({kind.label.lower()})."
    if kind == K.ADDITIONAL_DOCUMENT:
        return NewRequest(kind=kind, reason=reason, document_type="Floor plans")
    if kind == K.REPLACEMENT_DOCUMENT:
        document = document_add(
            application=application,
            user=None,
            name="site-plan.pdf",
            content=PDF,
            content_type="application/pdf",
            tags=[],
        )
        return NewRequest(kind=kind, reason=reason, document_id=document.pk)
    if kind == K.DESCRIPTION_CHANGE:
        return NewRequest(kind=kind, reason=reason, proposed="Single storey rear extension, 3 metres deep")
    if kind == K.BOUNDARY_CHANGE:
        return NewRequest(kind=kind, reason=reason, proposed=square(size=0.0003))
    if kind in (K.PRE_COMMENCEMENT_CONDITION, K.HEADS_OF_TERMS):
        return NewRequest(kind=kind, reason=reason, proposed="No development shall begin until a plan is agreed.")
    if kind == K.TIME_EXTENSION:
        return NewRequest(kind=kind, reason=reason, proposed=(application.due_date + timedelta(days=21)).isoformat())
    return NewRequest(kind=kind, reason=reason, suggestion="Send us the corrected form.")


def ask(application, user, kind=None, *, new=None):
    return services.validation_request_create(
        council=application.council, application_id=application.pk, user=user, new=new or new_request(kind, application)
    )


def an_answer(kind: RequestKind) -> Answered:
    rule = RULES[kind]
    if rule.answer == "files":
        return Answered(uploads=[services.Upload(name="plans.pdf", content=PDF)])
    if rule.answer == "agree":
        return Answered(agree=True)
    return Answered(text="Done as you asked.")


def answer(application, request, answered=None):
    return services.validation_request_answer(
        council=application.council,
        application_id=application.pk,
        request_id=request.pk,
        answer=answered or an_answer(RequestKind(request.kind)),
        through="link",
    )


def outbox(application):
    return list(OutboxMessage.objects.filter(application=application).order_by("pk"))


def audit(application, event):
    return list(AuditEntry.objects.filter(application=application, event=event).order_by("pk"))


@pytest.fixture
def officer(swk_users):
    return swk_users[Role.ASSESSOR]


# --- The table --------------------------------------------------------------------------------------------------


def test_the_rules_table_is_the_one_the_issue_sets_out():
    assert set(RULES) == set(RequestKind) == set(EXPECTED)
    for kind, (days, auto, when, one, moves) in EXPECTED.items():
        rule = RULES[kind]
        assert (rule.response_days, rule.auto_accept, set(rule.when), rule.one_at_a_time, rule.moves_valid_from) == (
            days,
            auto,
            when,
            one,
            moves,
        ), kind


# --- When each kind may be made -----------------------------------------------------------------------------

WHEN_CASES = [(kind, status) for kind in RequestKind for status in sorted(ANY)]


@pytest.mark.parametrize(("kind", "status"), WHEN_CASES, ids=[f"{k.value}-{s.value}" for k, s in WHEN_CASES])
def test_each_kind_only_when_allowed(southwark, swk_users, officer, kind, status):
    application = case_in(southwark, status, swk_users)
    new = new_request(kind, application)
    if status in EXPECTED[kind][2]:
        request = ask(application, officer, new=new)
        assert request.kind == kind
        assert request.post_validation is (status in POST)
        assert request.state == (RequestState.PENDING if status == Status.NOT_STARTED else RequestState.OPEN)
        return
    before = snapshot(application)
    with pytest.raises(DomainError) as refused:
        ask(application, officer, new=new)
    when = "before the application is validated" if status in POST else "after the application is validated"
    assert str(refused.value) == f"A {kind.label.lower()} request can only be made {when}."
    assert snapshot(application) == before


CLOSED_CASE_CASES = [(kind, status) for kind in RequestKind for status in CLOSED_CASES]


@pytest.mark.parametrize(
    ("kind", "status"), CLOSED_CASE_CASES, ids=[f"{k.value}-{s.value}" for k, s in CLOSED_CASE_CASES]
)
def test_no_request_on_a_finished_case(southwark, swk_users, officer, kind, status):
    application = case_in(southwark, status, swk_users)
    new = new_request(kind, application)
    before = snapshot(application)
    with pytest.raises(DomainError) as refused:
        ask(application, officer, new=new)
    assert str(refused.value) == f"This case is {status.label.lower()}: nothing more can be asked or changed."
    assert snapshot(application) == before


# --- Sending and deadlines ----------------------------------------------------------------------------------

# Friday 20 December 2024: Christmas Day, Boxing Day and New Year's Day fall in every deadline counted from it.
FRIDAY_BEFORE_CHRISTMAS = datetime(2024, 12, 20, 10, 0, tzinfo=LONDON)
DEADLINES = {5: date(2024, 12, 31), 10: date(2025, 1, 8), 15: date(2025, 1, 15)}


@pytest.mark.parametrize("kind", list(RequestKind))
def test_a_request_on_an_invalid_or_valid_case_goes_at_once_with_its_deadline(
    southwark, swk_users, officer, time_machine, kind
):
    time_machine.move_to(FRIDAY_BEFORE_CHRISTMAS, tick=False)
    status = Status.INVALIDATED if Status.INVALIDATED in EXPECTED[kind][2] else Status.IN_ASSESSMENT
    application = case_in(southwark, status, swk_users, agent=True)
    sent_before = len(outbox(application))

    request = ask(application, officer, kind)

    days = EXPECTED[kind][0]
    assert request.state == RequestState.OPEN
    assert request.sent_at == FRIDAY_BEFORE_CHRISTMAS
    assert request.response_due == DEADLINES[days] == dates.add_working_days(FRIDAY_BEFORE_CHRISTMAS.date(), days)
    emails = outbox(application)[sent_before:]
    assert sorted(m.to for m in emails) == [AGENT, APPLICANT]
    for email in emails:
        assert f"{request.sequence}. {RULES[kind].title}" in email.body
        assert f"Why: {request.reason}" in email.body
        assert f"Answer by {dates.format_date(DEADLINES[days])}" in email.body
        assert "/respond/" in email.body
    created, sent, told = (
        audit(application, e)[-1] for e in ("validation_request_created", "validation_request_sent", "message_sent")
    )
    assert created.actor == officer and created.comment == request.reason
    assert created.data == {"sequence": request.sequence, "kind": kind.value}
    assert sent.data == {"sequence": request.sequence, "kind": kind.value, "response_due": DEADLINES[days].isoformat()}
    assert told.data["message"] == "validation_request"
    assert told.data["to"] == [AGENT, APPLICANT]
    assert told.data["body"] == emails[0].body


def test_requests_wait_while_not_started_and_go_together_when_the_case_is_invalidated(
    southwark, swk_users, officer, time_machine
):
    time_machine.move_to(datetime(2024, 3, 4, 10, tzinfo=LONDON), tick=False)  # a Monday
    application = case_in(southwark, Status.NOT_STARTED, swk_users, agent=True)
    document = ask(application, officer, K.ADDITIONAL_DOCUMENT)
    description = ask(application, officer, K.DESCRIPTION_CHANGE)
    fee = ask(application, officer, K.FEE_CHANGE)
    dropped = ask(application, officer, K.OTHER_CHANGE)
    services.validation_request_cancel(
        council=southwark, application_id=application.pk, request_id=dropped.pk, user=officer, reason="Not needed."
    )

    for request in (document, description, fee):
        request.refresh_from_db()
        assert (request.state, request.sent_at, request.response_due) == (RequestState.PENDING, None, None)
    assert outbox(application) == []  # nothing is sent, not even the cancellation of an unsent request
    assert len(audit(application, "validation_request_created")) == 4
    assert audit(application, "validation_request_sent") == []

    time_machine.move_to(datetime(2024, 3, 7, 15, tzinfo=LONDON), tick=False)  # the Thursday: deadlines run from here
    services.application_invalidate(council=southwark, application_id=application.pk, user=officer)

    application.refresh_from_db()
    assert application.status == Status.INVALIDATED
    expected_due = {
        document.pk: dates.add_working_days(date(2024, 3, 7), 15),
        description.pk: dates.add_working_days(date(2024, 3, 7), 5),
        fee.pk: dates.add_working_days(date(2024, 3, 7), 15),
    }
    for request in (document, description, fee):
        request.refresh_from_db()
        assert request.state == RequestState.OPEN
        assert request.response_due == expected_due[request.pk]
    dropped.refresh_from_db()
    assert dropped.state == RequestState.CANCELLED
    emails = outbox(application)
    assert sorted(m.to for m in emails) == [AGENT, APPLICANT]  # one notice each, listing every request
    body = emails[0].body
    assert emails[0].subject == f"Your application {application.reference_in_full} is not valid yet: changes needed"
    for request in (document, description, fee):
        assert f"{request.sequence}. {RULES[RequestKind(request.kind)].title}" in body
        assert f"Answer by {dates.format_date(expected_due[request.pk])}" in body
    assert f"\n{dropped.sequence}. " not in body and dropped.reason not in body
    assert "Document needed: Floor plans" in body
    assert "Proposed description: Single storey rear extension, 3 metres deep" in body
    assert len(audit(application, "validation_request_sent")) == 3
    [notice] = audit(application, "message_sent")
    assert notice.data["message"] == "invalidation_notice"
    assert notice.data["body"] == body
    assert notice.actor == officer


def test_invalidation_needs_a_pending_request(southwark, swk_users, officer):
    application = case_in(southwark, Status.NOT_STARTED, swk_users)
    cancelled = ask(application, officer, K.OTHER_CHANGE)
    services.validation_request_cancel(
        council=southwark, application_id=application.pk, request_id=cancelled.pk, user=officer, reason="Sorted."
    )
    before = snapshot(application)
    with pytest.raises(DomainError, match="Make at least one request to the applicant before invalidating"):
        services.application_invalidate(council=southwark, application_id=application.pk, user=officer)
    assert snapshot(application) == before


def test_a_case_already_invalid_cannot_be_invalidated_again(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    before = snapshot(application)
    with pytest.raises(DomainError, match="cannot invalidate a case that is invalid"):
        services.application_invalidate(council=southwark, application_id=application.pk, user=officer)
    assert snapshot(application) == before


# --- What a request must say --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (NewRequest(kind=K.OTHER_CHANGE, reason="   "), "Say why you are asking"),
        (NewRequest(kind=K.ADDITIONAL_DOCUMENT, reason="Missing", document_type=" "), "Say which document you need"),
        (NewRequest(kind=K.REPLACEMENT_DOCUMENT, reason="Blurred", document_id=None), "Choose one of this case's"),
        (NewRequest(kind=K.DESCRIPTION_CHANGE, reason="Wrong", proposed=""), "Enter the description you propose"),
        (
            NewRequest(
                kind=K.DESCRIPTION_CHANGE, reason="Wrong", proposed="Erection of a single storey rear extension"
            ),
            "same as the current one",
        ),
        (NewRequest(kind=K.BOUNDARY_CHANGE, reason="Too big", proposed=None), "Draw the red line boundary"),
        (NewRequest(kind=K.BOUNDARY_CHANGE, reason="Too big", proposed={"type": "Feature"}), "no geometry"),
    ],
    ids=[
        "no-reason",
        "no-document-type",
        "no-document",
        "no-description",
        "same-description",
        "no-boundary",
        "bad-boundary",
    ],
)
def test_a_request_missing_what_its_kind_needs_is_refused(southwark, swk_users, officer, new, message):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    before = snapshot(application)
    with pytest.raises(DomainError, match=message):
        ask(application, officer, new=new)
    assert snapshot(application) == before


def test_a_replacement_request_cannot_name_another_cases_document(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    other = case_in(southwark, Status.INVALIDATED, swk_users)
    foreign = document_add(
        application=other, user=None, name="plan.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    before = snapshot(application)
    with pytest.raises(DomainError, match="Choose one of this case's current documents"):
        ask(application, officer, new=NewRequest(kind=K.REPLACEMENT_DOCUMENT, reason="Blurred", document_id=foreign.pk))
    assert snapshot(application) == before


def test_a_document_has_one_live_replacement_request_at_a_time(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    first = ask(application, officer, K.REPLACEMENT_DOCUMENT)
    again = NewRequest(kind=K.REPLACEMENT_DOCUMENT, reason="Still blurred", document_id=first.document_id)
    before = snapshot(application)
    with pytest.raises(DomainError, match="There is already a request to replace site-plan.pdf"):
        ask(application, officer, new=again)
    assert snapshot(application) == before
    other = ask(application, officer, K.REPLACEMENT_DOCUMENT)  # another document may be asked for meanwhile
    assert other.document_id != first.document_id


# --- One at a time ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ONE_AT_A_TIME)
def test_one_live_request_at_a_time_for_some_kinds(southwark, swk_users, officer, kind):
    status = Status.INVALIDATED if Status.INVALIDATED in EXPECTED[kind][2] else Status.IN_ASSESSMENT
    application = case_in(southwark, status, swk_users)
    first = ask(application, officer, kind)
    before = snapshot(application)
    with pytest.raises(DomainError, match=f"There is already a {kind.label.lower()} request waiting for an answer"):
        ask(application, officer, kind)
    assert snapshot(application) == before

    services.validation_request_cancel(
        council=southwark, application_id=application.pk, request_id=first.pk, user=officer, reason="Asked wrongly."
    )
    second = ask(application, officer, kind)
    assert second.state == RequestState.OPEN


@pytest.mark.parametrize("kind", [K.ADDITIONAL_DOCUMENT, K.OTHER_CHANGE])
def test_other_kinds_may_be_asked_more_than_once(southwark, swk_users, officer, kind):
    application = case_in(southwark, Status.NOT_STARTED, swk_users)
    first, second = ask(application, officer, kind), ask(application, officer, kind)
    assert (first.sequence, second.sequence) == (1, 2)
    assert {first.state, second.state} == {RequestState.PENDING}


# --- Time extensions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [0, -1, -30])
def test_a_time_extension_must_be_later_than_the_current_decision_date(southwark, swk_users, officer, offset):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users)
    proposed = application.due_date + timedelta(days=offset)
    before = snapshot(application)
    with pytest.raises(DomainError) as refused:
        ask(application, officer, new=NewRequest(kind=K.TIME_EXTENSION, reason="Consultee late", proposed=proposed))
    assert str(refused.value) == (
        f"The new date must be later than the current decision date, {dates.format_date(application.due_date)}."
    )
    assert snapshot(application) == before


@pytest.mark.parametrize("proposed", ["", "next month", "2024-02-30", None])
def test_a_time_extension_needs_a_real_date(southwark, swk_users, officer, proposed):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users)
    before = snapshot(application)
    with pytest.raises(DomainError, match="Enter the new decision date"):
        ask(application, officer, new=NewRequest(kind=K.TIME_EXTENSION, reason="Consultee late", proposed=proposed))
    assert snapshot(application) == before


def test_a_time_extension_keeps_the_date_it_would_replace_and_says_the_new_one(southwark, swk_users, officer):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users)
    proposed = application.due_date + timedelta(days=28)
    request = ask(application, officer, new=NewRequest(kind=K.TIME_EXTENSION, reason="Late", proposed=proposed))
    assert (request.original, request.proposed) == (application.due_date.isoformat(), proposed.isoformat())
    assert f"Proposed new decision date: {dates.format_date(proposed)}" in outbox(application)[-1].body
    application.refresh_from_db()
    assert application.extended_to is None  # nothing changes until the applicant agrees (test_answers.py)


# --- Cancelling ---------------------------------------------------------------------------------------------


def cancel(application, request, user, reason="We asked for the wrong thing."):
    return services.validation_request_cancel(
        council=application.council, application_id=application.pk, request_id=request.pk, user=user, reason=reason
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(southwark, swk_users, officer, reason):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    request = ask(application, officer, K.OTHER_CHANGE)
    before = snapshot(application)
    with pytest.raises(DomainError, match="Say why you are cancelling the request"):
        cancel(application, request, officer, reason)
    assert snapshot(application) == before


def test_cancelling_a_sent_request_emails_both_addresses_on_the_case(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users, agent=True)
    request = ask(application, officer, K.FEE_CHANGE)
    sent_before = len(outbox(application))

    cancelled = cancel(application, request, officer, "  You paid the right fee after all.  ")

    assert cancelled.state == RequestState.CANCELLED
    assert cancelled.cancel_reason == "You paid the right fee after all."
    assert cancelled.cancelled_at is not None
    emails = outbox(application)[sent_before:]
    assert sorted(m.to for m in emails) == [AGENT, APPLICANT]
    assert f"We have cancelled request {request.sequence} (pay the right fee)" in emails[0].body
    assert "Why: You paid the right fee after all." in emails[0].body
    [entry] = audit(application, "validation_request_cancelled")
    assert entry.actor == officer
    assert entry.comment == "You paid the right fee after all."
    assert entry.data == {"sequence": request.sequence, "kind": "fee_change"}
    assert audit(application, "message_sent")[-1].data["body"] == emails[0].body


def test_cancelling_a_request_not_yet_sent_tells_nobody(southwark, swk_users, officer):
    application = case_in(southwark, Status.NOT_STARTED, swk_users)
    request = ask(application, officer, K.FEE_CHANGE)
    cancel(application, request, officer)
    assert outbox(application) == []
    assert len(audit(application, "validation_request_cancelled")) == 1


@pytest.mark.parametrize("state", ["closed", "cancelled"])
def test_an_answered_or_cancelled_request_cannot_be_cancelled(southwark, swk_users, officer, state):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    request = ask(application, officer, K.OTHER_CHANGE)
    if state == "closed":
        answer(application, request)
    else:
        cancel(application, request, officer)
    before = snapshot(application)
    label = "answered" if state == "closed" else "cancelled"
    with pytest.raises(DomainError, match=f"Request {request.sequence} is {label}: it cannot be cancelled"):
        cancel(application, request, officer)
    assert snapshot(application) == before


def test_a_request_on_a_finished_case_cannot_be_cancelled(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    request = ask(application, officer, K.OTHER_CHANGE)
    applications.planning_application_transition(
        council=southwark, application_id=application.pk, user=officer, event=Event.WITHDRAW, reason="Withdrawn"
    )
    before = snapshot(application)
    with pytest.raises(DomainError, match="This case is withdrawn"):
        cancel(application, request, officer)
    assert snapshot(application) == before


# --- What open requests block -------------------------------------------------------------------------------


def complete_assessment(application, officer):
    from bops.assessment.tests.builders import complete_assessment as complete

    complete(application, officer)


def submit_recommendation(application, user):
    from bops.applications.tests.builders import add_recommendation

    if not application.recommendations.exists():
        add_recommendation(application, user)
    return applications.planning_application_transition(
        council=application.council, application_id=application.pk, user=user, event=Event.SUBMIT_RECOMMENDATION
    )


@pytest.mark.parametrize("kind", [k for k in AFTER_VALIDATION_KINDS if k != K.TIME_EXTENSION])
def test_an_open_request_after_validation_blocks_the_recommendation_until_answered(southwark, swk_users, officer, kind):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users)
    complete_assessment(application, officer)  # only the request may stand in the way
    request = ask(application, officer, kind)
    assert request.post_validation
    before = snapshot(application)
    with pytest.raises(DomainError) as refused:
        submit_recommendation(application, officer)
    assert str(refused.value) == (
        f"Request {request.sequence} ({kind.label.lower()}) waits for the applicant's answer."
    )
    assert snapshot(application) == before

    answer(application, request)
    assert submit_recommendation(application, officer).status == Status.AWAITING_DETERMINATION


def test_a_cancelled_request_after_validation_no_longer_blocks(southwark, swk_users, officer):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users)
    complete_assessment(application, officer)  # only the request may stand in the way
    request = ask(application, officer, K.PRE_COMMENCEMENT_CONDITION)
    cancel(application, request, officer)
    assert submit_recommendation(application, officer).status == Status.AWAITING_DETERMINATION


def test_an_open_time_extension_does_not_block_the_recommendation(southwark, swk_users, officer):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users)
    complete_assessment(application, officer)  # only the request may stand in the way
    ask(application, officer, K.TIME_EXTENSION)
    assert submit_recommendation(application, officer).status == Status.AWAITING_DETERMINATION


# --- Who may ask, and of which council ----------------------------------------------------------------------


def test_an_administrator_cannot_ask_cancel_or_invalidate(southwark, swk_users, officer):
    administrator = swk_users[Role.ADMINISTRATOR]
    application = case_in(southwark, Status.NOT_STARTED, swk_users)
    request = ask(application, officer, K.OTHER_CHANGE)
    before = snapshot(application)
    with pytest.raises(PermissionDenied):
        ask(application, administrator, K.FEE_CHANGE)
    with pytest.raises(PermissionDenied):
        cancel(application, request, administrator)
    with pytest.raises(PermissionDenied):
        services.application_invalidate(council=southwark, application_id=application.pk, user=administrator)
    assert snapshot(application) == before


def test_a_reviewer_may_ask(southwark, swk_users):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    assert ask(application, swk_users[Role.REVIEWER], K.OTHER_CHANGE).created_by == swk_users[Role.REVIEWER]


def test_another_councils_case_cannot_be_touched(southwark, lambeth, swk_users, lbh_users, officer):
    application = case_in(southwark, Status.NOT_STARTED, swk_users)
    request = ask(application, officer, K.OTHER_CHANGE)
    theirs = lbh_users[Role.ASSESSOR]
    before = snapshot(application)
    with pytest.raises(DomainError, match="There is no such case in your council"):
        services.validation_request_create(
            council=lambeth, application_id=application.pk, user=theirs, new=new_request(K.FEE_CHANGE, application)
        )
    with pytest.raises(DomainError, match="There is no such case in your council"):
        services.validation_request_cancel(
            council=lambeth, application_id=application.pk, request_id=request.pk, user=theirs, reason="Mine now"
        )
    with pytest.raises(DomainError, match="There is no such case in your council"):
        services.application_invalidate(council=lambeth, application_id=application.pk, user=theirs)
    assert snapshot(application) == before


def test_a_request_of_another_case_cannot_be_cancelled_through_this_one(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    other = case_in(southwark, Status.INVALIDATED, swk_users)
    theirs = ask(other, officer, K.OTHER_CHANGE)
    before = snapshot(other)
    with pytest.raises(DomainError, match="There is no such request on this case"):
        services.validation_request_cancel(
            council=southwark, application_id=application.pk, request_id=theirs.pk, user=officer, reason="Oops"
        )
    assert snapshot(other) == before


# --- Every step is in the case's history --------------------------------------------------------------------


def test_every_step_of_a_request_is_audited_with_the_words_sent(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users)
    application.assigned_officer = officer
    application.save(update_fields=["assigned_officer"])
    start = AuditEntry.objects.filter(application=application).latest("pk").pk
    answered = ask(application, officer, K.OTHER_CHANGE)
    answer(application, answered, Answered(text="The form is signed now."))
    dropped = ask(application, officer, K.ADDITIONAL_DOCUMENT)
    cancel(application, dropped, officer, "We found it.")

    events = [
        (e.event, e.data.get("sequence"), e.data.get("message"))
        for e in AuditEntry.objects.filter(application=application, pk__gt=start)
        .exclude(event="validation_check_completed")
        .order_by("pk")
    ]
    assert events == [
        ("validation_request_created", answered.sequence, None),
        ("validation_request_sent", answered.sequence, None),
        ("message_sent", None, "validation_request"),
        ("validation_request_answered", answered.sequence, None),
        ("message_sent", None, "answer_received"),
        ("validation_request_created", dropped.sequence, None),
        ("validation_request_sent", dropped.sequence, None),
        ("message_sent", None, "validation_request"),
        ("validation_request_cancelled", dropped.sequence, None),
        ("message_sent", None, "request_cancelled"),
    ]
    bodies = {m.body for m in outbox(application)}
    for entry in audit(application, "message_sent"):
        assert entry.data["body"] in bodies
