"""Reads for the officers' screens. Every query takes the council; none grows with the number of rows shown."""

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.applications.catalogue import Family
from bops.applications.models import ApplicationType, PlanningApplication, Status
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
    Stage.CLOSED: (Status.DETERMINED, Status.RETURNED, Status.WITHDRAWN, Status.CLOSED),
}
OPEN_STATUSES = STAGE_STATUSES[Stage.VALIDATION] + STAGE_STATUSES[Stage.ASSESSMENT] + STAGE_STATUSES[Stage.REVIEW]
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
            return f"{days} {unit} overdue"
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


@dataclass
class Dashboard:
    query: DashboardQuery
    page: Page
    rows: list[DashboardRow]
    open_count: int
    stage_counts: dict[Stage, int] = field(default_factory=dict)


_REFERENCE = re.compile(r"^(?:[A-Z]{2,5}-)?(\d{2})-(\d{1,5})(?:-([A-Z0-9]{2,6}))?$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(?:\s*\d[A-Z]{2})?$")


def _search(queryset: QuerySet[PlanningApplication], q: str) -> QuerySet[PlanningApplication]:
    """A reference (with or without the council code), a postcode, or words from the address or description."""
    text = " ".join(q.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset
    upper = text.upper()
    reference = _REFERENCE.match(upper)
    if reference:
        year, number, suffix = reference.groups()
        prefix = f"{year}-{int(number):05d}" + (f"-{suffix}" if suffix else "")
        return queryset.filter(Q(reference__istartswith=prefix) | Q(search_text__contains=prefix.lower()))
    if _POSTCODE.match(upper):
        return queryset.filter(postcode_key__startswith=upper.replace(" ", ""))
    for word in text.lower().split()[:8]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def dashboard(*, council: Council, user: User, query: DashboardQuery) -> Dashboard:
    base = PlanningApplication.objects.filter(council=council).exclude(status=Status.PENDING)
    if query.tab == Tab.MINE:
        base = base.filter(assigned_officer=user)
    elif query.tab == Tab.UNASSIGNED:
        base = base.filter(assigned_officer__isnull=True)
    if query.type_code:
        base = base.filter(application_type__code=query.type_code)
    base = _search(base, query.q)

    by_status = dict(base.values_list("status").annotate(n=Count("id")).order_by())
    stage_counts = {stage: sum(by_status.get(s, 0) for s in stage.statuses) for stage in Stage}
    open_count = sum(stage_counts[s] for s in (Stage.VALIDATION, Stage.ASSESSMENT, Stage.REVIEW))

    statuses = query.stage.statuses if query.stage else OPEN_STATUSES
    if query.status:
        statuses = tuple(s for s in statuses if s == query.status)
    listed = base.filter(status__in=statuses).select_related("application_type", "assigned_officer", "council")
    listed = listed.order_by("-updated_at", "-id") if query.stage == Stage.CLOSED else listed.order_by("due_date", "id")

    count = sum(by_status.get(s, 0) for s in statuses)
    paginator = Paginator(listed, PAGE_SIZE)
    paginator.count = count  # already counted above: saves a query on every page
    page = paginator.get_page(query.page)
    today = timezone.localdate()
    rows = [DashboardRow(application=a, deadline=deadline_for(a, today=today)) for a in page.object_list]
    return Dashboard(query=query, page=page, rows=rows, open_count=open_count, stage_counts=stage_counts)


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
