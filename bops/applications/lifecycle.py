"""The case lifecycle as one table: each event, the statuses it may start from, where it goes, who may
fire it, whether it needs a reason, and the guards it must pass. `services.planning_application_transition`
is the only code that changes a case's status, and it does so only through this table.

BOPS's state machine (bops-domain.md §1.2) is the model, with its defect fixed: determining, challenging
and sending to committee are reviewers' events, checked on the server.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import CLOSED_STATUSES, OPEN_STATUSES, PlanningApplication, Status
from bops.core.dates import format_date

Guard = Callable[[PlanningApplication], str | None]
"""Returns why the event is refused for this case, or None when it may go ahead."""

IN_PROGRESS = frozenset(OPEN_STATUSES)
CLOSED = frozenset(CLOSED_STATUSES)
OFFICERS = (Role.ASSESSOR, Role.REVIEWER)
REVIEWERS = (Role.REVIEWER,)


class Event(StrEnum):
    ACCEPT = "accept"
    VALIDATE = "validate"
    INVALIDATE = "invalidate"
    SUBMIT_RECOMMENDATION = "submit_recommendation"
    WITHDRAW_RECOMMENDATION = "withdraw_recommendation"
    SEND_TO_COMMITTEE = "send_to_committee"
    CHALLENGE = "challenge"
    DETERMINE = "determine"
    RETURN = "return"
    WITHDRAW = "withdraw"
    CLOSE = "close"


def _has_valid_from(application: PlanningApplication) -> str | None:
    return None if application.valid_from else "Confirm the date the application became valid first."


# Validation requests and documents are read through the case's related managers, so the lifecycle does not
# import the validation context (which imports this module).
_LIVE = ("pending", "open")
_BLOCKING_KINDS = (
    "additional_document",
    "replacement_document",
    "description_change",
    "boundary_change",
    "fee_change",
    "other_change",
    "ownership_certificate",
    "pre_commencement_condition",
    "heads_of_terms",
)


def _has_pending_request(application: PlanningApplication) -> str | None:
    if application.validation_requests.filter(state="pending").exists():
        return None
    return "Make at least one request to the applicant before invalidating the application."


def _no_live_request_before_validation(application: PlanningApplication) -> str | None:
    live = application.validation_requests.filter(state__in=_LIVE, post_validation=False).order_by("sequence")
    first = live.first()
    if first is None:
        return None
    waiting = "waits to be sent" if first.state == "pending" else "waits for the applicant's answer"
    return (
        f"Request {first.sequence} ({first.get_kind_display().lower()}) {waiting}: cancel it, or wait for the answer."
    )


def _no_invalid_document(application: PlanningApplication) -> str | None:
    invalid = application.documents.filter(validity="invalid", archived_at__isnull=True).first()
    return f"{invalid.name} is marked invalid and has not been replaced." if invalid else None


def _has_boundary(application: PlanningApplication) -> str | None:
    return None if application.boundary else "Draw or confirm the red line boundary first."


def _no_open_request_after_validation(application: PlanningApplication) -> str | None:
    """BOPS: open post-validation requests, other than time extensions, block the recommendation."""
    first = (
        application.validation_requests.filter(state__in=_LIVE, post_validation=True, kind__in=_BLOCKING_KINDS)
        .order_by("sequence")
        .first()
    )
    if first is None:
        return None
    return f"Request {first.sequence} ({first.get_kind_display().lower()}) waits for the applicant's answer."


def _has_recommendation(application: PlanningApplication) -> str | None:
    from bops.assessment.models import Recommendation

    if Recommendation.objects.filter(council_id=application.council_id, application=application).exists():
        return None
    return "Make the recommendation first."


def _recommendation_agreed(application: PlanningApplication) -> str | None:
    """The reviewer signs the recommendation off before the case is determined."""
    from bops.assessment.models import Recommendation

    latest = (
        Recommendation.objects.filter(council_id=application.council_id, application=application)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is not None and latest.review == Recommendation.Review.AGREED:
        return None
    return "Agree with the recommendation (review it) before determining the case."


def _consultation_over(application: PlanningApplication) -> str | None:
    """DMPO 2015 art. 33: no decision before the consultation period ends, so no recommendation either."""
    from bops.consultation.models import Consultation

    end = Consultation.objects.filter(application=application).values_list("end_date", flat=True).first()
    if end is None or end < timezone.localdate():
        return None
    return f"The consultation is open until {format_date(end)}: wait for it to end."


def _notices_in_place(application: PlanningApplication) -> str | None:
    """A required site notice needs the date it was put up, and a required press notice its publication date."""
    from bops.consultation.models import PressNotice, SiteNotice

    if SiteNotice.objects.filter(consultation__application=application, required=True, displayed_on=None).exists():
        return "The site notice is required: record the date it was put up first."
    if PressNotice.objects.filter(consultation__application=application, required=True, published_on=None).exists():
        return "The press notice is required: record the date it was published first."
    return None


def _required_publicity_done(application: PlanningApplication) -> str | None:
    """The publicity the law requires of the case's type (bops/applications/publicity.py) is done and its period
    over: DMPO 2015 art. 15 and 33, GPDO 2015 Sch. 2 Part 1 para. A.4(5)-(10), Part 3 para. W(8)."""
    from bops.consultation.duties import publicity_refusal

    return publicity_refusal(application, today=timezone.localdate())


def _assessment_tasks_done(application: PlanningApplication) -> str | None:
    """Every required assessment task is completed (bops/assessment/checks.py OPTIONAL says which are not)."""
    from bops.assessment.selectors import tasks_left_refusal

    return tasks_left_refusal(application=application)


@dataclass(frozen=True)
class Transition:
    event: Event
    verb: str
    sources: frozenset[Status]
    target: Status
    roles: tuple[Role, ...] = OFFICERS
    needs_reason: bool = False
    guards: tuple[Guard, ...] = ()


TRANSITIONS: dict[Event, Transition] = {
    t.event: t
    for t in (
        # Intake has stored the submission and fetched its documents; the case joins the officers' lists.
        Transition(Event.ACCEPT, "accept", frozenset({Status.PENDING}), Status.NOT_STARTED),
        Transition(
            Event.VALIDATE,
            "validate",
            frozenset({Status.NOT_STARTED, Status.INVALIDATED}),
            Status.IN_ASSESSMENT,
            guards=(_has_valid_from, _no_live_request_before_validation, _no_invalid_document, _has_boundary),
        ),
        Transition(
            Event.INVALIDATE,
            "invalidate",
            frozenset({Status.NOT_STARTED}),
            Status.INVALIDATED,
            guards=(_has_pending_request,),
        ),
        Transition(
            Event.SUBMIT_RECOMMENDATION,
            "submit the recommendation for",
            frozenset({Status.IN_ASSESSMENT, Status.TO_BE_REVIEWED, Status.IN_COMMITTEE}),
            Status.AWAITING_DETERMINATION,
            guards=(_has_recommendation, _no_open_request_after_validation, _consultation_over, _assessment_tasks_done),
        ),
        Transition(
            Event.WITHDRAW_RECOMMENDATION,
            "withdraw the recommendation for",
            frozenset({Status.AWAITING_DETERMINATION}),
            Status.IN_ASSESSMENT,
        ),
        Transition(
            Event.SEND_TO_COMMITTEE,
            "send to committee",
            frozenset({Status.AWAITING_DETERMINATION}),
            Status.IN_COMMITTEE,
            roles=REVIEWERS,
        ),
        Transition(
            Event.CHALLENGE,
            "challenge the recommendation for",
            frozenset({Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE}),
            Status.TO_BE_REVIEWED,
            roles=REVIEWERS,
            needs_reason=True,
        ),
        Transition(
            Event.DETERMINE,
            "determine",
            frozenset({Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE}),
            Status.DETERMINED,
            roles=REVIEWERS,
            guards=(
                _recommendation_agreed,
                _no_open_request_after_validation,
                _required_publicity_done,
                _consultation_over,
                _notices_in_place,
                _assessment_tasks_done,
            ),
        ),
        Transition(Event.RETURN, "return", IN_PROGRESS, Status.RETURNED, needs_reason=True),
        Transition(Event.WITHDRAW, "withdraw", IN_PROGRESS, Status.WITHDRAWN, needs_reason=True),
        Transition(Event.CLOSE, "close", IN_PROGRESS, Status.CLOSED, needs_reason=True),
    )
}

CLOSING_EVENTS = (Event.WITHDRAW, Event.RETURN, Event.CLOSE)


def refusal(transition: Transition, application: PlanningApplication, role: str) -> str | None:
    """Why `transition` may not happen to `application` for someone with `role`; None when it may."""
    if role not in transition.roles:
        return f"Only a {' or '.join(r.label.lower() for r in transition.roles)} can {transition.verb} a case."
    if application.status not in transition.sources:
        return f"You cannot {transition.verb} a case that is {Status(application.status).label.lower()}."
    for guard in transition.guards:
        reason = guard(application)
        if reason:
            return reason
    return None
