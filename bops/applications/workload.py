"""Reads of what waits for whom: the reviewer's queue and the team's workload.

Each is a fixed number of queries, however many cases the council has (the tests pin them at two sizes).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.applications.catalogue import BY_CODE, Family
from bops.applications.models import OPEN_STATUSES, ApplicationType, PlanningApplication
from bops.applications.selectors import DUE_SOON_WORKING_DAYS, Deadline, Stage, deadline_for
from bops.core import dates
from bops.councils.models import Council

QUEUE_SIZE = 20  # each list of the reviewer's queue shows the oldest this many; the Review stage tab has them all
AT_RISK_SIZE = 50

# Prior approvals: development may go ahead if the authority has not decided by the end of the period (42 days
# for a larger home extension, GPDO 2015 Sch. 2 Part 1 para A.4(11)(c); 56 days for most other classes, e.g.
# Part 3 para W(11)(c)). A period the GPDO fixes cannot be extended by agreement (Warren Farm v Wokingham, 2019;
# art. 7's "longer period as may be agreed" is for classes without one), so the risk is counted from the
# statutory date, whatever extension the case records.
PRIOR_APPROVAL_CODES = tuple(code for code, spec in BY_CODE.items() if spec.family == Family.PRIOR_APPROVAL)


# --- The reviewer's queue ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    application: PlanningApplication
    deadline: Deadline | None
    waiting_since: date  # the day it came to the reviewer (London)
    sections_to_review: int  # report sections the officer completed that no reviewer has accepted or returned
    recommendation: str  # the decision recommended, as the officer wrote it ("Granted")

    @property
    def calendar_days_left(self) -> int | None:
        return self.deadline.calendar_days_left if self.deadline else None


@dataclass(frozen=True)
class ReviewerQueue:
    to_sign_off: list[QueueRow]  # the report and recommendation wait for the reviewer
    to_issue: list[QueueRow]  # the recommendation is agreed: the decision waits to be issued
    sign_off_count: int
    issue_count: int

    @property
    def empty(self) -> bool:
        return not (self.sign_off_count or self.issue_count)


def reviewer_queue(*, council: Council, today: date) -> ReviewerQueue:
    """What waits for the council's reviewers, each list oldest first (the longest waiting): recommendations to sign
    off (awaiting determination or in committee, the latest recommendation not agreed), waiting since it was
    submitted; and decisions to issue (the recommendation agreed, the case not determined), waiting since it was
    agreed. A case reaches review only with a recommendation (lifecycle: submitting needs one).

    Three queries: narrow rows of the recommendations of the cases in review (sorted and counted here, so each case's
    latest recommendation is found once, without a subquery a row), then, for the cases listed only, the cases
    themselves and their report sections to review."""
    from bops.assessment.models import Decision, Recommendation, Section

    in_review = council.applications.filter(status__in=Stage.REVIEW.statuses)
    latest: dict[int, tuple[str, str, datetime]] = {}  # case id: review, decision and since when it waits
    recommendations = (
        Recommendation.objects.filter(council=council, application__in=in_review)
        .order_by("application_id", "-created_at", "-id")
        .values_list("application_id", "review", "decision", "created_at", "submitted_at", "reviewed_at")
    )
    for application_id, review, decision, created, submitted, reviewed in recommendations:
        since = (reviewed if review == Recommendation.Review.AGREED else submitted) or created
        latest.setdefault(application_id, (review, decision, since))

    def oldest_first(agreed: bool) -> list[int]:
        ids = [pk for pk, (review, _, _) in latest.items() if (review == Recommendation.Review.AGREED) == agreed]
        return sorted(ids, key=lambda pk: (latest[pk][2], pk))

    to_sign_off, to_issue = oldest_first(False), oldest_first(True)
    shown = [*to_sign_off[:QUEUE_SIZE], *to_issue[:QUEUE_SIZE]]
    cases = in_review.select_related("application_type", "assigned_officer").in_bulk(shown)
    sections = (
        dict(
            Section.objects.filter(council=council, application_id__in=shown, status=Section.Status.COMPLETED)
            .order_by()
            .values("application_id")
            .annotate(n=Count("id"))
            .values_list("application_id", "n")
        )
        if shown
        else {}
    )
    labels = dict(Decision.choices)

    def rows(ids: list[int]) -> list[QueueRow]:
        return [
            QueueRow(
                application=cases[pk],
                deadline=deadline_for(cases[pk], today=today),
                waiting_since=timezone.localdate(latest[pk][2]),
                sections_to_review=sections.get(pk, 0),
                recommendation=labels.get(latest[pk][1], ""),
            )
            for pk in ids[:QUEUE_SIZE]
            if pk in cases
        ]

    return ReviewerQueue(
        to_sign_off=rows(to_sign_off),
        to_issue=rows(to_issue),
        sign_off_count=len(to_sign_off),
        issue_count=len(to_issue),
    )


# --- The team's workload -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """One officer's open cases (or the unassigned ones, or everyone's)."""

    name: str
    open: int = 0
    due_this_week: int = 0
    overdue: int = 0
    deemed_consent_risk: int = 0


@dataclass(frozen=True)
class AtRisk:
    application: PlanningApplication
    deadline: Deadline

    @property
    def prior_approval(self) -> bool:
        return self.application.application_type.code in PRIOR_APPROVAL_CODES


@dataclass(frozen=True)
class Workload:
    officers: list[Load]  # by name
    unassigned: Load
    total: Load
    at_risk: list[AtRisk]  # the soonest first
    at_risk_count: int
    today: date
    week_ends: date
    deemed_by: date  # a prior approval whose period ends by this date is at risk of deemed consent


def end_of_week(today: date) -> date:
    """The Sunday of `today`'s week (Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def workload(*, council: Council, today: date) -> Workload:
    """Open cases per officer, due this week, overdue (past the determination date that now applies: the statutory
    date or an extension agreed in writing, DMPO 2015 art. 34(2)), and at risk of deemed consent; then the cases at
    risk. Three queries, whatever the number of cases: the counts per officer (one pass over the open cases), the
    officers' names, and the first cases at risk."""
    week_ends = end_of_week(today)
    deemed_by = dates.add_working_days(today, DUE_SOON_WORKING_DAYS)
    prior_approval_types = ApplicationType.objects.filter(council=council, code__in=PRIOR_APPROVAL_CODES).values("pk")
    overdue = Q(due_date__lt=today)
    deemed = Q(application_type__in=prior_approval_types, statutory_date__lte=deemed_by)
    open_cases = council.applications.filter(status__in=OPEN_STATUSES).order_by()
    # One pass over the open cases (PostgreSQL reads officer and due date from the partial index of open cases).
    counts = open_cases.values("assigned_officer_id").annotate(
        open=Count("due_date"),
        due_this_week=Count("due_date", filter=Q(due_date__gte=today, due_date__lte=week_ends)),
        overdue=Count("due_date", filter=overdue),
        deemed_consent_risk=Count("due_date", filter=deemed),
        at_risk=Count("due_date", filter=overdue | deemed),
    )
    names = {
        user.pk: user
        for user in User.objects.filter(council=council, role__in=[Role.ASSESSOR, Role.REVIEWER]).order_by("name")
    }
    loads: dict[int | None, Load] = {}
    at_risk_count = 0
    for row in counts:
        officer_id = row["assigned_officer_id"]
        at_risk_count += row["at_risk"]
        officer = names.get(officer_id) if officer_id else None
        loads[officer_id] = Load(
            name=officer.name if officer else "Unassigned",
            open=row["open"],
            due_this_week=row["due_this_week"],
            overdue=row["overdue"],
            deemed_consent_risk=row["deemed_consent_risk"],
        )
    # Every active officer, with or without cases; one who has left only while still holding open cases.
    officers = [loads.pop(pk, Load(name=user.name)) for pk, user in names.items() if user.is_active]
    unassigned = loads.pop(None, Load(name="Unassigned"))
    officers = sorted([*officers, *loads.values()], key=lambda load: load.name.lower())
    every = [*officers, unassigned]
    total = Load(
        name="All officers",
        open=sum(load.open for load in every),
        due_this_week=sum(load.due_this_week for load in every),
        overdue=sum(load.overdue for load in every),
        deemed_consent_risk=sum(load.deemed_consent_risk for load in every),
    )
    risky = (
        open_cases.filter(overdue | deemed)
        .select_related("application_type", "assigned_officer")
        .order_by("due_date", "id")[:AT_RISK_SIZE]  # the statutory date of a prior approval is its due date
    )
    at_risk = [AtRisk(application=a, deadline=deadline) for a in risky if (deadline := deadline_for(a, today=today))]
    return Workload(
        officers=officers,
        unassigned=unassigned,
        total=total,
        at_risk=at_risk,
        at_risk_count=at_risk_count,
        today=today,
        week_ends=week_ends,
        deemed_by=deemed_by,
    )
