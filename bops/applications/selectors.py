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
        """The query string for this view with one thing changed (a tab, a stage or a page)."""
        params = {
            "tab": tab or self.tab.value,
            "stage": stage if stage is not None else (self.stage.value if self.stage else ""),
            # a status belongs to a stage: choosing another stage drops it
            "status": self.status.value if self.status and stage is None else "",
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
    return Deadline(due_date=application.due_date, working_days_left=left, state=state, deemed_consent=deemed)


@dataclass(frozen=True)
class DashboardRow:
    application: PlanningApplication
    deadline: Deadline | None
    answers_overdue: date | None = None  # an invalid case whose requests' response date has passed


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


def _stage_counts(queryset: QuerySet[PlanningApplication], *, capped: bool) -> dict[Stage, int]:
    """Cases per stage: exactly, from one index-only GROUP BY; or, for word searches, up to COUNT_CAP + 1."""
    if not capped:
        by_status = dict(queryset.order_by().values_list("status").annotate(n=Count("*")))
        return {stage: sum(by_status.get(s, 0) for s in stage.statuses) for stage in Stage}
    return {
        stage: queryset.filter(status__in=stage.statuses).order_by().values("pk")[: COUNT_CAP + 1].count()
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

    stage_counts = _stage_counts(base, capped=by_words)
    open_stages = (Stage.VALIDATION, Stage.ASSESSMENT, Stage.REVIEW)
    open_count = sum(stage_counts[s] for s in open_stages)

    statuses = query.stage.statuses if query.stage else OPEN_STATUSES
    if query.status:
        statuses = tuple(s for s in statuses if s == query.status)
    listed = base.filter(status__in=statuses).select_related("application_type", "assigned_officer")
    ordering = ("-updated_at", "-id") if query.stage == Stage.CLOSED else ("due_date", "id")
    listed = listed.order_by(*ordering)

    if query.status:
        count = listed.order_by().values("pk")[: COUNT_CAP + 1].count() if by_words else listed.count()
    else:
        count = stage_counts[query.stage] if query.stage else open_count
    paginator = Paginator(listed, PAGE_SIZE)
    paginator.count = min(count, COUNT_CAP) if by_words else count  # counted above: no second COUNT
    page = paginator.get_page(query.page)
    today = timezone.localdate()
    overdue = _answers_overdue([a.pk for a in page.object_list if a.status == Status.INVALIDATED], today=today)
    rows = [
        DashboardRow(application=a, deadline=deadline_for(a, today=today), answers_overdue=overdue.get(a.pk))
        for a in page.object_list
    ]
    return Dashboard(
        query=query, page=page, rows=rows, open_count=open_count, stage_counts=stage_counts, capped=by_words
    )


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


def planning_application_get(*, council: Council, reference: str) -> PlanningApplication:
    """The case with this reference in this council; a 404 for anything else, including other councils' cases."""
    application = (
        PlanningApplication.objects.select_related("application_type", "assigned_officer", "council")
        .filter(council=council, reference=reference)
        .exclude(status=Status.PENDING)
        .first()
    )
    if application is None:
        raise Http404("There is no case with this reference in your council.")
    return application


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
