"""Reads for the register's pages: the search form's own fields, the map of applications, and a case's page with
its history in plain words.

The query itself is `search.py`'s (the DPR parameters); this module turns the fields a plain GET form can send
(a date type with GOV.UK day/month/year inputs, one sort choice) into those parameters, and reads what a page
shows in a fixed number of queries whatever the size of the case or the register.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from bops.applications.models import ApplicationType, PlanningApplication
from bops.consultation.comments import comments_are_open
from bops.consultation.models import TOPICS, Consultation, ConsulteeResponse, PublicComment
from bops.consultation.selectors_comments import consultee_responses_for, public_comments_for
from bops.core.dates import format_date
from bops.councils.models import Council
from bops.decisions.models import Appeal, CommitteeReferral, Determination
from bops.decisions.services import NOTICE_TAG
from bops.documents.models import Document
from bops.register.search import (
    PRIOR_APPROVAL_PREFIX,
    DateType,
    QueryError,
    RegisterQuery,
    SortBy,
    register_applications,
    register_filter,
    state_of,
)
from bops.register.selectors import register_documents
from bops.register.status import DecisionLabel, Label, PublicState, decision_label

MAP_LIMIT = 200
CSV_LIMIT = 10_000
PER_PAGE = 20

# --- The search form --------------------------------------------------------------------------------------------

# The date types a person may choose on the page (the API takes the others too).
DATE_TYPES = {
    DateType.RECEIVED: "Received",
    DateType.VALIDATED: "Validated",
    DateType.CONSULTATION_END: "Consultation end",
    DateType.DECISION: "Decision",
}

# One choice of order on the page, as the DPR parameters it stands for.
SORTS = {
    "newest": ("Newest received", SortBy.RECEIVED, "desc"),
    "oldest": ("Oldest received", SortBy.RECEIVED, "asc"),
    "decision": ("Latest decision", SortBy.DECISION, "desc"),
}

FORM_ONLY = ("dateType", "sort", *(f"{end}-{part}" for end in ("from", "to") for part in ("day", "month", "year")))


@dataclass(frozen=True)
class DateParts:
    day: str = ""
    month: str = ""
    year: str = ""

    @property
    def given(self) -> bool:
        return bool(self.day or self.month or self.year)

    @classmethod
    def of(cls, day: date | None) -> "DateParts":
        return cls(str(day.day), str(day.month), str(day.year)) if day else cls()


@dataclass(frozen=True)
class SearchForm:
    """What the form shows: as typed, even when it could not be understood."""

    query: str
    types: list[str]
    statuses: list[str]
    decisions: list[str]
    date_type: str
    date_from: DateParts
    date_to: DateParts
    sort: str


def _parts(params: QueryDict, end: str) -> DateParts:
    return DateParts(*(params.get(f"{end}-{part}", "").strip()[:10] for part in ("day", "month", "year")))


def _iso(parts: DateParts, parameter: str, what: str) -> str:
    if not parts.given:
        return ""
    if not (parts.day and parts.month and parts.year):
        missing = [
            name for name, value in (("day", parts.day), ("month", parts.month), ("year", parts.year)) if not value
        ]
        raise QueryError(parameter, f"{what} must include a {' and a '.join(missing)}")
    try:
        day = date(int(parts.year), int(parts.month), int(parts.day))
    except ValueError:
        raise QueryError(parameter, f"{what} must be a real date, like 27 3 2026") from None
    if day.year < 1900:
        raise QueryError(parameter, f"{what} must be a real date, like 27 3 2026")
    return day.isoformat()


def search_form(params: QueryDict) -> SearchForm:
    """The form as sent; a link with the DPR's own date parameters fills the date inputs the same way."""
    date_type, date_from, date_to = params.get("dateType", ""), _parts(params, "from"), _parts(params, "to")
    if not (date_from.given or date_to.given):
        for candidate in DateType:
            start, end = params.get(f"{candidate}From", ""), params.get(f"{candidate}To", "")
            if start or end:
                date_type = candidate.value
                date_from, date_to = _split(start), _split(end)
                break
    sort = params.get("sort", "")
    if not sort:
        order = params.get("orderBy", "desc").lower()
        sort = "decision" if params.get("sortBy") == SortBy.DECISION else ("oldest" if order == "asc" else "newest")
    return SearchForm(
        query=params.get("query", "") or params.get("q", ""),
        types=_list(params, "applicationType"),
        statuses=_list(params, "applicationStatus"),
        decisions=_list(params, "councilDecision"),
        date_type=date_type or DateType.RECEIVED.value,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
    )


def _list(params: QueryDict, name: str) -> list[str]:
    return [part.strip() for value in params.getlist(name) for part in value.split(",") if part.strip()]


def _split(iso: str) -> DateParts:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", iso.strip())
    if not match:
        return DateParts(year=iso[:10]) if iso else DateParts()
    year, month, day = match.groups()
    return DateParts(str(int(day)), str(int(month)), year)


def search_params(params: QueryDict) -> QueryDict:
    """The DPR parameters `search.register_query_parse` reads, from what the page's form sent (or a DPR-style link,
    passed through). A date typed in the form that is not a real date is a QueryError naming its input."""
    out = params.copy()
    for name in FORM_ONLY:
        out.pop(name, None)
    date_from, date_to = _parts(params, "from"), _parts(params, "to")
    if date_from.given or date_to.given:
        raw_type = params.get("dateType", DateType.RECEIVED.value)
        if raw_type not in {d.value for d in DATE_TYPES}:
            raise QueryError("dateType", "Choose a date type from the list")
        start = _iso(date_from, "from", "The start date")
        end = _iso(date_to, "to", "The end date")
        if start and end and end < start:
            raise QueryError("to", "The end date must be the same as or after the start date")
        if start:
            out[f"{raw_type}From"] = start
        if end:
            out[f"{raw_type}To"] = end
    sort = params.get("sort", "")
    if sort:
        if sort not in SORTS:
            raise QueryError("sort", "Choose an order from the list")
        _, sort_by, order = SORTS[sort]
        out["sortBy"], out["orderBy"] = sort_by.value, order
    return out


def link_params(params: QueryDict, **changes: Any) -> str:
    """The query string of this search with some parameters changed (a blank value removes one)."""
    out = params.copy()
    for name, value in changes.items():
        out.pop(name, None)
        if value not in ("", None):
            out[name] = str(value)
    return out.urlencode()


@dataclass(frozen=True)
class TypeChoices:
    codes: frozenset[str]  # every type the council has, so an old link to a type no longer offered still works
    active: list[ApplicationType]


def register_type_choices(*, council: Council) -> TypeChoices:
    types = list(ApplicationType.objects.filter(council=council))
    return TypeChoices(
        codes=frozenset(t.code for t in types),
        active=sorted((t for t in types if t.is_active), key=lambda t: t.description),
    )


STATUS_CHOICES = [label.value for label in Label]
DECISION_CHOICES = [label.value for label in DecisionLabel]


# --- The map of applications ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapItem:
    application: PlanningApplication
    url: str
    located: bool


@dataclass(frozen=True)
class ApplicationsMap:
    features: dict[str, Any]  # a GeoJSON FeatureCollection
    items: list[MapItem]
    total: int  # matching the search
    limit: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.items)

    @property
    def unlocated(self) -> int:
        return sum(not item.located for item in self.items)


def _geometry(application: PlanningApplication) -> dict[str, Any] | None:
    boundary = application.boundary
    if isinstance(boundary, dict):
        geometry = boundary.get("geometry") if boundary.get("type") == "Feature" else boundary
        if isinstance(geometry, dict) and geometry.get("type") and geometry.get("coordinates"):
            return geometry
    if application.latitude is not None and application.longitude is not None:
        return {"type": "Point", "coordinates": [application.longitude, application.latitude]}
    return None


def register_map(*, council: Council, query: RegisterQuery, today: date, limit: int = MAP_LIMIT) -> ApplicationsMap:
    """The newest `limit` applications matching the search, as GeoJSON (the boundary, else the site's point), in
    two queries."""
    matching = register_filter(register_applications(council=council), query, today=today)
    total = matching.order_by().count()
    rows = list(
        matching.order_by("-received_at", "-id").only(
            "reference", "council", "address_line_1", "address_line_2", "town", "postcode", "boundary", "latitude",
            "longitude", "received_at", "description",
        )[:limit]
    )  # fmt: skip
    features, items = [], []
    for application in rows:
        application.council = council
        url = reverse("register:application", args=[application.reference])
        geometry = _geometry(application)
        items.append(MapItem(application, url, geometry is not None))
        if geometry is not None:
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {
                        "reference": application.reference_in_full,
                        "address": application.address,
                        "url": url,
                    },
                }
            )
    return ApplicationsMap({"type": "FeatureCollection", "features": features}, items, total, limit)


# --- A case's page ----------------------------------------------------------------------------------------------

SENTIMENTS = {"support": "Supportive", "neutral": "Neutral", "objection": "Objection"}  # ODP's words
CONSULTEE_SENTIMENTS = {
    "no_objection": "No objection",
    "amendments_needed": "Amendments needed",
    "objection": "Objection",
}


def register_case_get(*, council: Council | None, reference: str) -> PlanningApplication | None:
    """A case on the register by its reference (with or without the council's code), with what its page reads
    loaded alongside in the same query."""
    if council is None:
        return None
    short = reference.strip().upper()
    if short.startswith(f"{council.code}-"):
        short = short[len(council.code) + 1 :]
    application = (
        register_applications(council=council)
        .select_related(
            "application_type",
            "consultation__site_notice",
            "consultation__press_notice",
            "determination",
            "committee",
        )
        .filter(reference=short)
        .first()
    )
    if application is not None:
        application.council = council
    return application


def _related(obj: Any, name: str) -> Any:
    return getattr(obj, name, None)


@dataclass(frozen=True)
class HistoryEvent:
    on: date
    text: str


@dataclass(frozen=True)
class PublishedDocument:
    document: Document
    types: list[str]
    published_on: date
    is_decision_notice: bool


@dataclass(frozen=True)
class CommentShown:
    comment: PublicComment
    sentiment: str
    topics: list[str]


@dataclass(frozen=True)
class ConsulteeShown:
    response: ConsulteeResponse
    organisation: str
    sentiment: str


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass
class CasePage:
    application: PlanningApplication
    state: PublicState
    decision: DecisionLabel | None
    consultation_start: date | None
    consultation_end: date | None
    determination: Determination | None
    appeal: Appeal | None
    history: list[HistoryEvent]
    documents: list[PublishedDocument]
    comments: list[CommentShown]
    comment_tallies: list[Tally]
    consultee_responses: list[ConsulteeShown]
    comments_open: bool
    key_dates: list[tuple[str, date]] = field(default_factory=list)

    @property
    def comment_summary(self) -> str:
        """ "3 published comments: 1 supportive, 0 neutral, 2 objection."."""
        n = len(self.comments)
        counts = ", ".join(f"{t.count} {t.label.lower()}" for t in self.comment_tallies)
        return f"{n} published comment{'' if n == 1 else 's'}: {counts}."


def local_day(moment: datetime | date | None) -> date | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date()
    return moment


APPEAL_DECISIONS = dict(Appeal.Decision.choices)


def case_history(
    application: PlanningApplication,
    *,
    consultation: Consultation | None,
    committee: CommitteeReferral | None,
    determination: Determination | None,
    decision: DecisionLabel | None,
    appeals: list[Appeal],
) -> list[HistoryEvent]:
    """What has happened to the case, in plain words, newest first (on one day, the later step first)."""
    events: list[tuple[date | None, str]] = [
        (local_day(application.received_at), "Application received"),
        (local_day(application.invalidated_at), "The council asked the applicant for changes before it can be checked"),
        (application.valid_from, "Application checked and valid"),
        (local_day(application.returned_at), "Application returned to the applicant as not valid"),
    ]
    if consultation is not None and consultation.start_date:
        until = f" to {_format(consultation.end_date)}" if consultation.end_date else ""
        events.append((consultation.start_date, f"Consultation from {_format(consultation.start_date)}{until}"))
        site_notice = _related(consultation, "site_notice")
        if site_notice is not None and site_notice.displayed_on:
            events.append((site_notice.displayed_on, "Site notice displayed"))
        press_notice = _related(consultation, "press_notice")
        if press_notice is not None and press_notice.published_on:
            events.append((press_notice.published_on, "Press notice published"))
    if application.in_committee_at or committee is not None:
        meeting = committee.meeting_on if committee is not None else None
        text = "Sent to the planning committee to decide"
        if meeting:
            text += f" (meeting on {_format(meeting)})"
        events.append(
            (local_day(application.in_committee_at) or local_day(committee.created_at if committee else None), text)
        )
    if determination is not None:
        events.append((determination.determined_on, f"Decided: {decision.value if decision else 'decision made'}"))
    elif application.determined_at:
        events.append((local_day(application.determined_at), "Decided"))
    for appeal in sorted(appeals, key=lambda a: (a.lodged_on, a.pk)):
        events.append((appeal.lodged_on, "Appeal lodged with the Planning Inspectorate"))
        events.append((appeal.validated_on, "Appeal validated by the Planning Inspectorate"))
        events.append((appeal.started_on, "Appeal started"))
        if appeal.determined_on or appeal.decision:
            outcome = APPEAL_DECISIONS.get(appeal.decision, "")
            events.append(
                (
                    appeal.determined_on or appeal.lodged_on,
                    f"Appeal decided: {outcome.lower()}" if outcome else "Appeal decided",
                )
            )
    events.append((local_day(application.withdrawn_at), "Application withdrawn"))
    events.append((local_day(application.closed_at), "Application closed: it will not be decided"))
    dated = [(on, index, text) for index, (on, text) in enumerate(events) if on is not None]
    dated.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [HistoryEvent(on, text) for on, _, text in dated]


def _format(day: date | None) -> str:
    return format_date(day) if day else ""


def _type_label(tag: str) -> str:
    """An ODP file type code as words: "sitePlan.proposed" -> "Site plan (proposed)"."""
    head, _, variant = tag.partition(".")
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", head).lower().capitalize()
    return f"{words} ({re.sub(r'(?<!^)(?=[A-Z])', ' ', variant).lower()})" if variant else words


def register_case_page(*, application: PlanningApplication, today: date) -> CasePage:
    """Everything the case's page shows, for a case read by `register_case_get`: four more queries (appeals,
    documents, comments, consultee responses) however many of each there are."""
    consultation = _related(application, "consultation")
    determination = _related(application, "determination")
    appeals = list(Appeal.objects.filter(council=application.council_id, application=application))
    latest = max(appeals, key=lambda a: (a.lodged_on, a.pk)) if appeals else None
    decision = decision_label(
        determination.decision if determination else "",
        prior_approval=application.application_type.code.startswith(PRIOR_APPROVAL_PREFIX),
    )
    notice_id = determination.notice_id if determination else None
    documents = [
        PublishedDocument(
            document=document,
            types=[_type_label(tag) for tag in document.tags if isinstance(tag, str)],
            published_on=local_day(document.received_at) or today,
            is_decision_notice=document.pk == notice_id or NOTICE_TAG in document.tags,
        )
        for document in register_documents(application=application)
    ]
    documents.sort(key=lambda d: not d.is_decision_notice)  # the decision notice first, then newest first
    comments = [
        CommentShown(c, SENTIMENTS.get(c.stance, c.stance), [TOPICS[t] for t in TOPICS if t in c.topics])
        for c in public_comments_for(application=application, published_only=True)
    ]
    responses = [
        ConsulteeShown(r, r.case_consultee.consultee.organisation, CONSULTEE_SENTIMENTS.get(r.stance, r.stance))
        for r in consultee_responses_for(application=application, published_only=True)
    ]
    page = CasePage(
        application=application,
        state=state_of(application, appeal=latest, today=today),
        decision=decision,
        consultation_start=consultation.start_date if consultation else None,
        consultation_end=consultation.end_date if consultation else None,
        determination=determination,
        appeal=latest,
        history=case_history(
            application,
            consultation=consultation,
            committee=_related(application, "committee"),
            determination=determination,
            decision=decision,
            appeals=appeals,
        ),
        documents=documents,
        comments=comments,
        comment_tallies=[
            Tally(label, sum(c.comment.stance == stance for c in comments)) for stance, label in SENTIMENTS.items()
        ],
        consultee_responses=responses,
        comments_open=comments_are_open(application),
    )
    page.key_dates = _key_dates(page)
    return page


def _key_dates(page: CasePage) -> list[tuple[str, date]]:
    a = page.application
    rows: list[tuple[str, date | None]] = [("Received", local_day(a.received_at)), ("Valid from", a.valid_from)]
    if page.consultation_start:
        rows.append(("Consultation started", page.consultation_start))
    if page.consultation_end:
        rows.append(("Comments by (consultation end)", page.consultation_end))
    if page.determination is not None or a.determined_at:
        decided = page.determination.determined_on if page.determination else local_day(a.determined_at)
        rows.append(("Decided on", decided))
    elif a.valid_from and page.state.label not in (Label.WITHDRAWN, Label.RETURNED):
        rows.append(("Decision due by", a.due_date))
    return [(label, day) for label, day in rows if day is not None]
