"""The register's search: which of a council's applications the public sees, filtered, sorted and paged.

What is on the register follows the Town and Country Planning (Development Management Procedure) (England) Order
2015, article 40: Part 1 holds every application from its receipt, and Part 2 every decision, kept. So every case
the council has received is here, whatever its stage, except one still arriving (`pending`: its files are being
fetched). What of a case is shown is the business of the pages and `odp.py`: documents only once published,
comments only as redacted.

The parameters are those the Digital Planning Register sends (register-api.md §2.3), so the API, the register's
pages and the CSV export read one query string the same way: `query`, `reference`, `description`,
`applicationType`, `applicationStatus` (the register's status labels), `councilDecision`, `<dateType>From` and
`<dateType>To`, `dprFilter`, `sortBy`, `orderBy`, `page` (from 1) and a page size. A value that cannot be
understood is a `QueryError` naming the parameter, never silently ignored.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from typing import TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from bops.applications.models import PlanningApplication, Status
from bops.applications.selectors import applications_matching
from bops.core.dates import LONDON
from bops.councils.models import Council
from bops.decisions.models import Appeal
from bops.register.status import (
    UNDER_ASSESSMENT,
    AppealState,
    DecisionLabel,
    Label,
    PublicState,
    decision_label,
    public_state,
)

E = TypeVar("E", bound=StrEnum)
BOPS_REFERENCE = re.compile(r"^\d{2}-\d{5,6}-[A-Z0-9]+$")
ON_REGISTER = tuple(status.value for status in Status if status != Status.PENDING)

MAX_PAGE = 100_000
MAX_TEXT = 100
PRIOR_APPROVAL_PREFIX = "pa."


class QueryError(ValueError):
    """A parameter the register cannot use: `parameter` is its name, `message` says what is wrong in plain words."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class SortBy(StrEnum):
    RECEIVED = "receivedAt"
    DECISION = "councilDecisionDate"
    PUBLISHED = "publishedAt"


class DateType(StrEnum):
    RECEIVED = "receivedAt"
    VALIDATED = "validatedAt"
    PUBLISHED = "publishedAt"
    CONSULTATION_END = "consultationEndDate"
    DECISION = "councilDecisionDate"
    APPEAL_DECISION = "appealDecisionDate"


class QuickFilter(StrEnum):
    IN_CONSULTATION = "inConsultation"
    PUBLISHED_THIS_WEEK = "publishedThisWeek"
    PUBLISHED_THIS_MONTH = "publishedThisMonth"
    DECIDED_THIS_WEEK = "decidedThisWeek"
    DECIDED_THIS_MONTH = "decidedThisMonth"


@dataclass(frozen=True)
class DateRange:
    type: DateType
    start: date | None
    end: date | None


@dataclass(frozen=True)
class RegisterQuery:
    query: str = ""
    reference: str = ""
    description: str = ""
    application_types: tuple[str, ...] = ()
    statuses: tuple[Label, ...] = ()
    decisions: tuple[DecisionLabel, ...] = ()
    dates: tuple[DateRange, ...] = ()
    quick: QuickFilter | None = None
    sort_by: SortBy = SortBy.RECEIVED
    descending: bool = True
    page: int = 1
    per_page: int = 10

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.query
            or self.reference
            or self.description
            or self.application_types
            or self.statuses
            or self.decisions
            or self.dates
            or self.quick
        )


@dataclass(frozen=True)
class Row:
    """One application as the register lists it."""

    application: PlanningApplication
    state: PublicState
    decision: DecisionLabel | None
    consultation_end: date | None


@dataclass
class Results:
    query: RegisterQuery
    applications: list[PlanningApplication]
    total: int  # matching the filters
    total_available: int  # on the register at all
    today: date

    @cached_property
    def rows(self) -> list[Row]:
        """The page as the register lists it (one more query, for the appeals), read only by those who show it."""
        return register_rows(self.applications, today=self.today)

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page)) if self.query.per_page else 1


# --- Reading the query string ---------------------------------------------------------------------------------


def _values(params: Mapping[str, str] | QueryDict, name: str) -> list[str]:
    """Comma-separated and repeated values alike (`a,b` and `?x=a&x=b`), blanks dropped."""
    raw = params.getlist(name) if isinstance(params, QueryDict) else [params.get(name, "")]
    return [part.strip() for value in raw for part in (value or "").split(",") if part.strip()]


def _one(params: Mapping[str, str] | QueryDict, name: str) -> str:
    value = params.get(name) or ""
    return value.strip()


def _text(params: Mapping[str, str] | QueryDict, name: str) -> str:
    value = " ".join(_one(params, name).split())
    if len(value) > MAX_TEXT:
        raise QueryError(name, f"must be {MAX_TEXT} characters or fewer")
    return value


def _whole(params: Mapping[str, str] | QueryDict, name: str, *, default: int, low: int, high: int) -> int:
    raw = _one(params, name)
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        raise QueryError(name, "must be a whole number") from None
    if not low <= number <= high:
        raise QueryError(name, f"must be from {low} to {high}")
    return number


def _date(params: Mapping[str, str] | QueryDict, name: str) -> date | None:
    raw = _one(params, name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise QueryError(name, "must be a date like 2026-03-31") from None


def _choices(params: Mapping[str, str] | QueryDict, name: str, enum: type[E]) -> tuple[E, ...]:
    chosen = []
    for value in _values(params, name):
        try:
            chosen.append(enum(value))
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise QueryError(name, f"“{value[:40]}” is not one of: {allowed}") from None
    return tuple(dict.fromkeys(chosen))


def register_query_parse(
    params: Mapping[str, str] | QueryDict,
    *,
    type_codes: frozenset[str],
    size_parameter: str = "maxresults",
    default_per_page: int = 10,
    max_per_page: int = 50,
) -> RegisterQuery:
    """The query in `params` (a request's GET), or a QueryError naming the first parameter that is wrong."""
    types = tuple(dict.fromkeys(_values(params, "applicationType")))
    unknown = [code for code in types if code not in type_codes]
    if unknown:
        raise QueryError("applicationType", f"“{unknown[0][:40]}” is not an application type this council decides")
    ranges = []
    for date_type in DateType:
        start, end = _date(params, f"{date_type}From"), _date(params, f"{date_type}To")
        if start and end and end < start:
            raise QueryError(f"{date_type}To", f"must be on or after {date_type}From")
        if start or end:
            ranges.append(DateRange(date_type, start, end))
    quick = _choices(params, "dprFilter", QuickFilter)
    if len(quick) > 1:
        raise QueryError("dprFilter", "takes one value")
    sort_by = _choices(params, "sortBy", SortBy)
    order = _one(params, "orderBy").lower()
    if order not in ("", "asc", "desc"):
        raise QueryError("orderBy", "must be asc or desc")
    return RegisterQuery(
        query=_text(params, "query") or _text(params, "q"),
        reference=_text(params, "reference"),
        description=_text(params, "description"),
        application_types=types,
        statuses=_choices(params, "applicationStatus", Label),
        decisions=_choices(params, "councilDecision", DecisionLabel),
        dates=tuple(ranges),
        quick=quick[0] if quick else None,
        sort_by=sort_by[0] if sort_by else SortBy.RECEIVED,
        descending=order != "asc",
        page=_whole(params, "page", default=1, low=1, high=MAX_PAGE),
        per_page=_whole(params, size_parameter, default=default_per_page, low=1, high=max_per_page),
    )


# --- The query ------------------------------------------------------------------------------------------------


def register_applications(*, council: Council) -> QuerySet[PlanningApplication]:
    """Every case on the council's register (DMPO 2015 art. 40): all but those still arriving. Listed as the
    statuses it takes (not as "not pending"), so both databases count from the (council, status) index."""
    return council.applications.filter(status__in=ON_REGISTER)


def short_reference(*, council: Council, reference: str) -> str:
    """`SWK-26-00123-HAPP` or `26-00123-happ` → `26-00123-HAPP`: the reference as stored, without the council's code."""
    return reference.strip().upper().removeprefix(f"{council.code}-")


def application_by_reference_or_id(
    queryset: QuerySet[PlanningApplication], *, council: Council, reference: str
) -> PlanningApplication | None:
    """A case of `queryset` by its reference (with or without the council's code) or, as BOPS's API accepts, its
    numeric id. A value that is neither is a QueryError."""
    if reference.isdigit():
        return queryset.filter(pk=int(reference)).first()
    short = short_reference(council=council, reference=reference)
    if not BOPS_REFERENCE.match(short):
        raise QueryError("reference", "must be a planning application reference, like 26-00123-HAPP, or a number")
    return queryset.filter(reference=short).first()


def register_application_get(*, council: Council | None, reference: str) -> PlanningApplication | None:
    """A case on the register by its reference, with or without the council's code (`SWK-26-00123-HAPP`)."""
    if council is None:
        return None
    return (
        register_applications(council=council)
        .select_related("application_type", "assigned_officer")
        .filter(reference=short_reference(council=council, reference=reference))
        .first()
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _moment_range(field_name: str, start: date | None, end: date | None) -> Q:
    """A London-day range on a timestamp, as a plain range an index can answer."""
    q = Q()
    if start:
        q &= Q(**{f"{field_name}__gte": _day_start(start)})
    if end:
        q &= Q(**{f"{field_name}__lt": _day_start(end + timedelta(days=1))})
    return q


def _day_range(field_name: str, start: date | None, end: date | None) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{field_name}__gte": start})
    if end:
        q &= Q(**{f"{field_name}__lte": end})
    return q


def _appeals(**conditions: object) -> Exists:
    return Exists(Appeal.objects.filter(application=OuterRef("pk"), **conditions))


def _consulting(today: date) -> Q:
    return Q(status__in=UNDER_ASSESSMENT, consultation__start_date__lte=today, consultation__end_date__gte=today)


def _status_filter(label: Label, today: date) -> Q:
    """The cases `public_state` gives this label, as a filter (a case's latest appeal is taken as its only one)."""
    decided = Q(_appeals(decision__gt="")) | Q(_appeals(determined_on__isnull=False))
    started = Q(_appeals(started_on__isnull=False))
    validated = Q(_appeals(validated_on__isnull=False))
    determined = Q(status=Status.DETERMINED)
    return {
        Label.SUBMITTED: Q(status__in=(Status.NOT_STARTED, Status.INVALIDATED)),
        Label.RETURNED: Q(status=Status.RETURNED),
        Label.WITHDRAWN: Q(status__in=(Status.WITHDRAWN, Status.CLOSED)),
        Label.CONSULTATION: _consulting(today),
        Label.ASSESSMENT: Q(status__in=UNDER_ASSESSMENT) & ~_consulting(today),
        Label.DETERMINED: determined & ~Q(_appeals()),
        Label.APPEAL_LODGED: determined & Q(_appeals()) & ~decided & ~started & ~validated,
        Label.APPEAL_VALIDATED: determined & validated & ~started & ~decided,
        Label.APPEAL_IN_PROGRESS: determined & started & ~decided,
        Label.APPEAL_DECIDED: determined & decided,
    }[label]


def _decided(*decisions: str) -> Q:
    """Cases determined with one of these decisions (the case's own copy, indexed with the council)."""
    return Q(decision__in=decisions)


def _decision_filter(label: DecisionLabel) -> Q:
    prior_approval = Q(application_type__code__startswith=PRIOR_APPROVAL_PREFIX)
    return {
        DecisionLabel.GRANTED: ~prior_approval & _decided("granted", "approved", "not_required"),
        DecisionLabel.REFUSED: ~prior_approval & _decided("refused"),
        DecisionLabel.PRIOR_APPROVAL_APPROVED: prior_approval & _decided("approved", "granted"),
        DecisionLabel.PRIOR_APPROVAL_NOT_REQUIRED: prior_approval & _decided("not_required"),
        DecisionLabel.PRIOR_APPROVAL_REFUSED: prior_approval & _decided("refused"),
    }[label]


def _date_filter(date_range: DateRange) -> Q:
    start, end = date_range.start, date_range.end
    if date_range.type in (DateType.RECEIVED, DateType.PUBLISHED):
        return _moment_range("received_at", start, end)
    if date_range.type == DateType.VALIDATED:
        return _day_range("valid_from", start, end)
    if date_range.type == DateType.CONSULTATION_END:
        return _day_range("consultation__end_date", start, end)
    if date_range.type == DateType.DECISION:
        return _day_range("determination__determined_on", start, end)
    return Q(_appeals(**{f"determined_on__{op}": day for op, day in (("gte", start), ("lte", end)) if day}))


def _quick_filter(quick: QuickFilter, today: date) -> Q:
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    return {
        QuickFilter.IN_CONSULTATION: _consulting(today),
        QuickFilter.PUBLISHED_THIS_WEEK: _moment_range("received_at", week_start, today),
        QuickFilter.PUBLISHED_THIS_MONTH: _moment_range("received_at", month_start, today),
        QuickFilter.DECIDED_THIS_WEEK: _day_range("determination__determined_on", week_start, today),
        QuickFilter.DECIDED_THIS_MONTH: _day_range("determination__determined_on", month_start, today),
    }[quick]


def _any(qs: list[Q]) -> Q:
    combined = Q()
    for q in qs:
        combined |= q
    return combined


def register_filter(
    queryset: QuerySet[PlanningApplication], query: RegisterQuery, *, today: date
) -> QuerySet[PlanningApplication]:
    if query.query:
        queryset, _ = applications_matching(queryset, query.query)
    if query.reference:
        queryset, _ = applications_matching(queryset, query.reference)
    for word in query.description.lower().split()[:8]:
        queryset = queryset.filter(search_text__contains=word)
    if query.application_types:
        queryset = queryset.filter(application_type__code__in=query.application_types)
    if query.statuses:
        queryset = queryset.filter(_any([_status_filter(label, today) for label in query.statuses]))
    if query.decisions:
        queryset = queryset.filter(_any([_decision_filter(label) for label in query.decisions]))
    for date_range in query.dates:
        queryset = queryset.filter(_date_filter(date_range))
    if query.quick:
        queryset = queryset.filter(_quick_filter(query.quick, today))
    return queryset


def register_ordered(queryset: QuerySet[PlanningApplication], query: RegisterQuery) -> QuerySet[PlanningApplication]:
    """In the query's order; in order of decision, only the decided cases. The search, its map and its CSV."""
    sign = "-" if query.descending else ""
    if query.sort_by == SortBy.DECISION:
        return queryset.filter(determined_at__isnull=False).order_by(f"{sign}determined_at", f"{sign}id")
    return queryset.order_by(f"{sign}received_at", f"{sign}id")


def register_search(*, council: Council, query: RegisterQuery, today: date, extra: Q | None = None) -> Results:
    """One page of the council's register for `query`, with the counts a register shows. The number of queries is
    the same whatever the page size or the size of the register."""
    base = register_applications(council=council)
    matching = register_filter(base, query, today=today)
    if extra is not None:
        matching = matching.filter(extra)
    if query.sort_by == SortBy.DECISION:  # in order of their decisions: the decided ones, and so counted
        matching = matching.filter(determined_at__isnull=False)
    total = matching.order_by().count()
    narrowed = query.is_filtered or extra is not None or query.sort_by == SortBy.DECISION
    total_available = base.order_by().count() if narrowed else total
    offset = (query.page - 1) * query.per_page
    applications: list[PlanningApplication] = []
    if offset < total:
        applications = list(
            register_ordered(matching, query).select_related(
                "application_type", "assigned_officer", "consultation", "determination"
            )[offset : offset + query.per_page]
        )
    return Results(query=query, applications=applications, total=total, total_available=total_available, today=today)


def latest_appeals(application_ids: list[int]) -> dict[int, Appeal]:
    """Each case's latest appeal, in one query."""
    latest: dict[int, Appeal] = {}
    for appeal in Appeal.objects.filter(application_id__in=application_ids).order_by("lodged_on", "id"):
        latest[appeal.application_id] = appeal
    return latest


def appeal_state(appeal: Appeal | None) -> AppealState | None:
    if appeal is None:
        return None
    return AppealState(
        lodged_on=appeal.lodged_on,
        validated_on=appeal.validated_on,
        started_on=appeal.started_on,
        determined_on=appeal.determined_on,
        decision=appeal.decision,
    )


def state_of(application: PlanningApplication, *, appeal: Appeal | None, today: date) -> PublicState:
    """The public state of a case whose consultation is loaded (select_related) or absent."""
    consultation = getattr(application, "consultation", None)
    return public_state(
        status=application.status,
        valid_from=application.valid_from,
        withdrawn_at=application.withdrawn_at,
        consultation_start=consultation.start_date if consultation else None,
        consultation_end=consultation.end_date if consultation else None,
        appeal=appeal_state(appeal),
        today=today,
    )


def register_rows(applications: list[PlanningApplication], *, today: date) -> list[Row]:
    """Rows for cases loaded with select_related("application_type", "consultation", "determination")."""
    appeals = latest_appeals([a.pk for a in applications])
    rows = []
    for application in applications:
        consultation = getattr(application, "consultation", None)
        determination = getattr(application, "determination", None)
        rows.append(
            Row(
                application=application,
                state=state_of(application, appeal=appeals.get(application.pk), today=today),
                decision=decision_label(
                    determination.decision if determination else "",
                    prior_approval=application.application_type.code.startswith(PRIOR_APPROVAL_PREFIX),
                ),
                consultation_end=consultation.end_date if consultation else None,
            )
        )
    return rows
