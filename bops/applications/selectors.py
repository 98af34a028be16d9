"""Reads for the officers' screens. Every query takes the council; none grows with the number of rows shown."""

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.applications.catalogue import Family
from bops.applications.models import CLOSED_STATUSES, OPEN_STATUSES, ApplicationType, PlanningApplication, Status
from bops.core import dates
from bops.core.models import AuditEntry
from bops.councils.models import Council

PAGE_SIZE = 25
DUE_SOON_WORKING_DAYS = 5
MAX_QUERY_LENGTH = 100


class Tab(StrEnum):
    MINE = "mine"
    ALL = "all"
    UNASSIGNED = "unassigned"

    @property
    def label(self) -> str:
        return {"mine": "Your cases", "all": "All cases", "unassigned": "Unassigned"}[self.value]


class Stage(StrEnum):
    VALIDATION = "validation"
    ASSESSMENT = "assessment"
    REVIEW = "review"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def statuses(self) -> tuple[Status, ...]:
        return STAGE_STATUSES[self]


STAGE_STATUSES: dict[Stage, tuple[Status, ...]] = {
    Stage.VALIDATION: (Status.NOT_STARTED, Status.INVALIDATED),
    Stage.ASSESSMENT: (Status.IN_ASSESSMENT, Status.TO_BE_REVIEWED),
    Stage.REVIEW: (Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE),
    Stage.CLOSED: CLOSED_STATUSES,
}
STAGE_OF = {status: stage for stage, statuses in STAGE_STATUSES.items() for status in statuses}


@dataclass(frozen=True)
class DashboardQuery:
    tab: Tab = Tab.MINE
    stage: Stage | None = None  # None: every open stage
    status: Status | None = None
    type_code: str = ""
    q: str = ""
    page: int = 1

    def link(self, *, tab: str | None = None, stage: str | None = None, page: int | None = None) -> str:
        """The query string for this view with one thing changed (a tab, a stage or a page). The search and the
        filters stay in force, as the counts on the stage tabs (which honour them) promise."""
        params = {
            "tab": tab or self.tab.value,
            "stage": stage if stage is not None else (self.stage.value if self.stage else ""),
            "status": self.status.value if self.status else "",
            "type": self.type_code,
            "q": self.q,
            "page": str(page) if page and page > 1 else "",
        }
        return "?" + urlencode({key: value for key, value in params.items() if value})


@dataclass(frozen=True)
class Deadline:
    """How a case stands against its determination date, as the officer sees it."""

    due_date: date
    working_days_left: int
    state: str  # "overdue", "due_soon" or "on_track"
    deemed_consent: bool  # a prior approval whose date, once passed, means consent is deemed given
    calendar_days_left: int = 0  # negative once overdue

    @property
    def text(self) -> str:
        days = abs(self.working_days_left)
        unit = "working day" if days == 1 else "working days"
        if self.state == "overdue":
            days = max(days, 1)  # due on a weekend, looked at before the next working day
            return f"{days} {'working day' if days == 1 else 'working days'} overdue"
        if self.working_days_left == 0:
            return "Due today"
        return f"{days} {unit} left"


def deadline_for(application: PlanningApplication, *, today: date) -> Deadline | None:
    if application.status not in OPEN_STATUSES:
        return None
    left = dates.working_days_between(today, application.due_date)
    state = "overdue" if application.due_date < today else "due_soon" if left <= DUE_SOON_WORKING_DAYS else "on_track"
    deemed = application.application_type.family == Family.PRIOR_APPROVAL and state != "on_track"
    return Deadline(
        due_date=application.due_date,
        working_days_left=left,
        state=state,
        deemed_consent=deemed,
        calendar_days_left=(application.due_date - today).days,
    )


@dataclass(frozen=True)
class NextStep:
    """The page an officer would act on next for a case, linked from the list to save a visit to the case page."""

    label: str
    url_name: str  # a case page's URL name; it takes the case's reference


VALIDATE = NextStep("Check and validate", "validation:tasks")
CONSULT = NextStep("Start the consultation", "consultation:overview")
ASSESS = NextStep("Check and assess", "assessment:tasks")
REVIEW = NextStep("Review the assessment", "decisions:review")
ISSUE = NextStep("Issue the decision", "decisions:decision")


@dataclass(frozen=True)
class DashboardRow:
    application: PlanningApplication
    deadline: Deadline | None
    answers_overdue: date | None = None  # an invalid case whose requests' response date has passed
    next_step: NextStep | None = None  # None: nothing for this officer to do now (closed, or with the reviewer)


@dataclass
class Dashboard:
    query: DashboardQuery
    page: Page
    rows: list[DashboardRow]
    open_count: int
    stage_counts: dict[Stage, int] = field(default_factory=dict)
    capped: bool = False  # counts above COUNT_CAP are shown as "1,000+"

    def shown(self, count: int) -> str:
        return f"{COUNT_CAP:,}+" if self.capped and count > COUNT_CAP else f"{count:,}"


_REFERENCE = re.compile(r"^(?:[A-Z]{2,5}-)?(\d{2})-(\d{1,6})(?:-([A-Z0-9]{2,6}))?$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(?:\s*\d[A-Z]{0,2})?$")
# Word searches can match most of a council's cases; past this many, counts read "1,000+".
COUNT_CAP = 1000


def _prefix_range(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, as a range both databases can answer from a plain index."""
    upper_bound = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper_bound})


def applications_matching(
    queryset: QuerySet[PlanningApplication], q: str
) -> tuple[QuerySet[PlanningApplication], bool]:
    """A reference (with or without the council code), a postcode, or words from the address or description:
    the one search of cases, for the officers' lists and the public register.

    Returns the filtered cases and whether the search was by words (which no index narrows much).
    """
    text = " ".join(q.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset, False
    upper = text.upper()
    reference = _REFERENCE.match(upper)
    if reference:
        year, number, suffix = reference.groups()
        prefix = f"{year}-{int(number):05d}"
        if suffix:
            by_reference = queryset.filter(reference=f"{prefix}-{suffix}")
        else:
            by_reference = queryset.filter(_prefix_range("reference", f"{prefix}-"))
        if by_reference.exists():
            return by_reference, False
        # An earlier reference (the type changed since) is kept in the search text.
        return queryset.filter(search_text__contains=(f"{prefix}-{suffix}" if suffix else prefix).lower()), True
    if _POSTCODE.match(upper):
        key = upper.replace(" ", "")
        if len(key) >= 5 and key[-3].isdigit() and key[-2:].isalpha():
            return queryset.filter(postcode_key=key), False
        return queryset.filter(_prefix_range("postcode_key", key)), False
    for word in text.lower().split()[:8]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset, True


def _stage_counts(queryset: QuerySet[PlanningApplication], *, capped: bool, status: Status | None) -> dict[Stage, int]:
    """Cases per stage with the status filter (if any) in force: exactly, from one index-only GROUP BY; or, for
    word searches, up to COUNT_CAP + 1. A stage without the chosen status counts none."""

    def statuses(stage: Stage) -> tuple[Status, ...]:
        return tuple(s for s in stage.statuses if status is None or s == status)

    if not capped:
        by_status = dict(queryset.order_by().values_list("status").annotate(n=Count("*")))
        return {stage: sum(by_status.get(s, 0) for s in statuses(stage)) for stage in Stage}
    return {
        stage: queryset.filter(status__in=statuses(stage)).order_by().values("pk")[: COUNT_CAP + 1].count()
        if statuses(stage)
        else 0
        for stage in Stage
    }


def dashboard(*, council: Council, user: User, query: DashboardQuery) -> Dashboard:
    # Through the council's own manager: every row gets this council without a join.
    base = council.applications.exclude(status=Status.PENDING)
    if query.tab == Tab.MINE:
        base = base.filter(assigned_officer=user)
    elif query.tab == Tab.UNASSIGNED:
        base = base.filter(assigned_officer__isnull=True)
    if query.type_code:
        base = base.filter(application_type__code=query.type_code)
    base, by_words = applications_matching(base, query.q)

    stage_counts = _stage_counts(base, capped=by_words, status=query.status)
    open_stages = (Stage.VALIDATION, Stage.ASSESSMENT, Stage.REVIEW)
    open_count = sum(stage_counts[s] for s in open_stages)

    statuses = query.stage.statuses if query.stage else OPEN_STATUSES
    if query.status:
        statuses = tuple(s for s in statuses if s == query.status)
    listed = base.filter(status__in=statuses).select_related("application_type", "assigned_officer")
    ordering = ("-updated_at", "-id") if query.stage == Stage.CLOSED else ("due_date", "id")
    listed = listed.order_by(*ordering)

    # The stage counts honour every filter: the list's own count is the one of its stage (no second COUNT).
    count = stage_counts[query.stage] if query.stage else open_count
    paginator = Paginator(listed, PAGE_SIZE)
    paginator.count = min(count, COUNT_CAP) if by_words else count  # counted above: no second COUNT
    page = paginator.get_page(query.page)
    today = timezone.localdate()
    overdue = _answers_overdue([a.pk for a in page.object_list if a.status == Status.INVALIDATED], today=today)
    steps = next_steps(list(page.object_list), user=user)
    rows = [
        DashboardRow(
            application=a,
            deadline=deadline_for(a, today=today),
            answers_overdue=overdue.get(a.pk),
            next_step=steps.get(a.pk),
        )
        for a in page.object_list
    ]
    return Dashboard(
        query=query, page=page, rows=rows, open_count=open_count, stage_counts=stage_counts, capped=by_words
    )


def next_step(
    application: PlanningApplication, *, user: User, consultation_started: bool, recommendation_agreed: bool
) -> NextStep | None:
    """The page where `user` acts next on the case: validation's task list before the case is valid; the
    consultation while a case that must be publicised (DMPO 2015 art. 15; the GPDO's neighbour notification for
    prior approvals) has none started; the assessment's task list (also when the reviewer sent it back); for a
    reviewer, the review until the recommendation is agreed, then the decision. None when nothing waits for them."""
    from bops.consultation.rules import needs_consultation

    if not user.is_officer:
        return None
    if application.status in Stage.VALIDATION.statuses:
        return VALIDATE
    if (
        application.status == Status.IN_ASSESSMENT
        and needs_consultation(application.application_type.spec)
        and not consultation_started
    ):
        return CONSULT
    if application.status in Stage.ASSESSMENT.statuses:
        return ASSESS
    if application.status in Stage.REVIEW.statuses and user.is_reviewer:
        return ISSUE if recommendation_agreed else REVIEW
    return None


def next_steps(applications: list[PlanningApplication], *, user: User) -> dict[int, NextStep]:
    """`next_step` for each case on a page: at most two queries, for the page's cases only."""
    from bops.assessment.models import Recommendation
    from bops.consultation.models import Consultation

    if not user.is_officer:
        return {}
    in_assessment = [a.pk for a in applications if a.status == Status.IN_ASSESSMENT]
    started = set(
        Consultation.objects.filter(
            council_id=user.council_id, application_id__in=in_assessment, start_date__isnull=False
        ).values_list("application_id", flat=True)
        if in_assessment
        else ()
    )
    in_review = [a.pk for a in applications if a.status in Stage.REVIEW.statuses] if user.is_reviewer else []
    latest: dict[int, str] = {}
    if in_review:
        reviews = (
            Recommendation.objects.filter(council_id=user.council_id, application_id__in=in_review)
            .order_by("application_id", "-created_at", "-id")
            .values_list("application_id", "review")
        )
        for application_id, review in reviews:
            latest.setdefault(application_id, review)
    steps = {
        a.pk: next_step(
            a,
            user=user,
            consultation_started=a.pk in started,
            recommendation_agreed=latest.get(a.pk) == Recommendation.Review.AGREED,
        )
        for a in applications
    }
    return {pk: step for pk, step in steps.items() if step is not None}


def _answers_overdue(application_ids: list[int], *, today: date) -> dict[int, date]:
    """For the invalid cases on a page, the response date they have passed with requests unanswered (one query)."""
    if not application_ids:
        return {}
    from bops.validation.models import RequestState, ValidationRequest

    latest = (
        ValidationRequest.objects.filter(application_id__in=application_ids, state=RequestState.OPEN)
        .values("application_id")
        .annotate(due=Max("response_due"))
    )
    return {row["application_id"]: row["due"] for row in latest if row["due"] and row["due"] < today}


def active_application_types(*, council: Council) -> list[ApplicationType]:
    return sorted(ApplicationType.objects.filter(council=council, is_active=True), key=lambda t: t.description)


def application_types_for_admin(*, council: Council) -> list[ApplicationType]:
    return sorted(ApplicationType.objects.filter(council=council), key=lambda t: (t.family.label, t.description))


class CaseElsewhere(Http404):
    """The address names a case by another form of its reference (`SWK-26-00111-HAPP`, lower case, an earlier
    reference): the case's own address is `reference`. `CaseAddressMiddleware` answers with a redirect there; any
    code that does not know this exception sees a plain 404."""

    def __init__(self, reference: str) -> None:
        super().__init__("This case has another address.")
        self.reference = reference


# As printed (SWK-26-00111-HAPP), or without the council's code, in any letter case, the number with or without its
# leading zeros, with or without the type's suffix.
_ADDRESS = re.compile(r"^(?:([A-Z]{2,5})-)?(\d{2})-(\d{1,6})(?:-([A-Z0-9]{2,6}))?$")


def planning_application_get(*, council: Council, reference: str) -> PlanningApplication:
    """The case with this reference in this council, for every case page; a 404 for anything else, including
    other councils' cases. Another spelling of one of this council's references (with its code, in lower case,
    without the leading zeros or the suffix, or a reference the case had before its type changed) raises
    CaseElsewhere, so the page redirects to the case's own address."""
    cases = PlanningApplication.objects.select_related("application_type", "assigned_officer", "council").exclude(
        status=Status.PENDING
    )
    application = cases.filter(council=council, reference=reference).first()
    if application is not None:
        return application
    found = _ADDRESS.match(" ".join(reference.split()).upper())
    if found is None or found.group(1) not in (None, council.code.upper()):
        raise Http404("There is no case with this reference in your council.")
    _, year, number, suffix = found.groups()
    # The year and the number make a council's reference unique; only the suffix follows the type.
    prefix = f"{year}-{int(number):05d}-"
    application = cases.filter(_prefix_range("reference", prefix), council=council).first()
    if application is None or (
        suffix and f"{prefix}{suffix}" not in (application.reference, *application.previous_references)
    ):
        raise Http404("There is no case with this reference in your council.")
    raise CaseElsewhere(application.reference)


def officers_for_assignment(*, council: Council) -> list[User]:
    return list(User.objects.filter(council=council, is_active=True, role__in=[Role.ASSESSOR, Role.REVIEWER]))


def audit_timeline(*, application: PlanningApplication, limit: int = 200) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(application=application).order_by("-created_at", "-id")[:limit])


CENTRAL_LONDON = (51.5072, -0.1276)


def map_centre(*, council: Council) -> tuple[float, float]:
    """Where a blank map of the council opens: its latest case with a location (else central London)."""
    latest = (
        PlanningApplication.objects.filter(council=council, latitude__isnull=False, longitude__isnull=False)
        .order_by("-id")
        .values_list("latitude", "longitude")
        .first()
    )
    if latest is None or latest[0] is None or latest[1] is None:
        return CENTRAL_LONDON
    return (latest[0], latest[1])
