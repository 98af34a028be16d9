"""The ODP public API (`/api/@next/public/applications...`), as the Digital Planning Register reads it
(register-api.md §2.3): PostSubmissionPublishedApplication objects, `status` inside the body, 1-based `page`,
`maxresults` on the list and `resultsPerPage` elsewhere (0 for only the summary), the register's own status and
decision labels as filter values, and a 404 for a reference that is not on the register.
"""

from datetime import date
from typing import Any, TypeVar

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from bops.consultation.models import TOPICS, CaseConsultee, ConsulteeResponse, ConsulteeStance, PublicComment, Stance
from bops.register import odp, odp_comments
from bops.register.api_base import (
    BadParameter,
    PublicApiView,
    envelope,
    page_params,
    paged,
    today,
)
from bops.register.search import register_query_parse, register_search
from bops.register.selectors import register_documents

T = TypeVar("T")

PUBLIC_SENTIMENTS = {"supportive": Stance.SUPPORT, "neutral": Stance.NEUTRAL, "objection": Stance.OBJECTION}
SPECIALIST_SENTIMENTS = {
    "approved": ConsulteeStance.NO_OBJECTION,
    "amendmentsNeeded": ConsulteeStance.AMENDMENTS_NEEDED,
    "objected": ConsulteeStance.OBJECTION,
}
_TAG = ["ODP public API"]


def _date(request: Request, name: str) -> date | None:
    raw = (request.query_params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, "must be a date like 2026-03-31") from None


def _choice(request: Request, name: str, allowed: dict[str, T]) -> list[T]:
    chosen = []
    for value in (part.strip() for part in (request.query_params.get(name) or "").split(",")):
        if not value:
            continue
        if value not in allowed:
            raise BadParameter(name, f"must be one of: {', '.join(allowed)}")
        chosen.append(allowed[value])
    return chosen


def _descending(request: Request) -> bool:
    order = (request.query_params.get("orderBy") or "desc").strip().lower()
    if order not in ("asc", "desc"):
        raise BadParameter("orderBy", "must be asc or desc")
    return order == "desc"


def _text(request: Request, name: str) -> str:
    value = " ".join((request.query_params.get(name) or "").split())
    if len(value) > 100:
        raise BadParameter(name, "must be 100 characters or fewer")
    return value


def _published_range(queryset: QuerySet[Any], request: Request, field: str) -> QuerySet[Any]:
    start, end = _date(request, "publishedAtFrom"), _date(request, "publishedAtTo")
    if start and end and end < start:
        raise BadParameter("publishedAtTo", "must be on or after publishedAtFrom")
    if start:
        queryset = queryset.filter(**{f"{field}__date__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__date__lte": end})
    return queryset


def _page(items: list[T], page: int, per_page: int) -> list[T]:
    return items[(page - 1) * per_page : page * per_page] if per_page else []


LIST_PARAMETERS = [
    OpenApiParameter("page", int, description="From 1."),
    OpenApiParameter("maxresults", int, description="Page size, 1 to 50 (default 10)."),
    OpenApiParameter("query", str, description="A reference, a postcode, or words of the address or description."),
    OpenApiParameter("applicationType", str, description="ODP type codes, comma-separated."),
    OpenApiParameter("applicationStatus", str, description="Status labels, e.g. Consultation in progress."),
    OpenApiParameter("councilDecision", str, description="granted, refused, or the prior approval labels."),
    OpenApiParameter("sortBy", str, enum=["receivedAt", "councilDecisionDate", "publishedAt"]),
    OpenApiParameter("orderBy", str, enum=["asc", "desc"]),
]


class ApplicationsView(PublicApiView):
    @extend_schema(
        tags=_TAG,
        operation_id="odp_applications_list",
        summary="Search the council's register",
        parameters=LIST_PARAMETERS,
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        council = self.council
        size = "maxresults" if "maxresults" in request.query_params else "resultsPerPage"
        type_codes = frozenset(council.application_types.values_list("code", flat=True))
        query = self.parse(register_query_parse, request.query_params, type_codes=type_codes, size_parameter=size)
        results = register_search(council=council, query=query, today=today())
        data = odp.published_applications(
            council=council, applications=results.applications, today=today(), base_url=self.base_url()
        )
        return paged(
            data,
            per_page=query.per_page,
            page=query.page,
            total=results.total,
            total_available=results.total_available,
        )


class ApplicationView(PublicApiView):
    @extend_schema(
        tags=_TAG, operation_id="odp_application_show", summary="One application on the register", responses={200: dict}
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.application(reference)
        return Response(
            envelope(odp.published_application(application=application, today=today(), base_url=self.base_url()))
        )


class DocumentsView(PublicApiView):
    @extend_schema(
        tags=_TAG,
        operation_id="odp_application_documents",
        summary="The application's published documents",
        responses={200: dict},
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.application(reference)
        page, per_page = page_params(request, allow_zero=True)
        published = register_documents(application=application)
        documents = published
        name = _text(request, "name")
        if name:
            documents = documents.filter(name__icontains=name)
        documents = _published_range(documents, request, "received_at")
        sort_by = (request.query_params.get("sortBy") or "publishedAt").strip()
        if sort_by not in ("publishedAt", "name"):
            raise BadParameter("sortBy", "must be publishedAt or name")
        sign = "-" if _descending(request) else ""
        documents = documents.order_by(f"{sign}{'name' if sort_by == 'name' else 'received_at'}", f"{sign}id")
        file_type = _text(request, "type")
        matching = [d for d in documents if not file_type or file_type in d.tags]
        data = odp_comments.published_files(
            application=application, documents=_page(matching, page, per_page), base_url=self.base_url()
        )
        return paged(data, per_page=per_page, page=page, total=len(matching), total_available=published.count())


def published_comments(application: Any) -> QuerySet[PublicComment]:
    return PublicComment.objects.filter(
        council=application.council_id, application=application, redacted_at__isnull=False
    )


def public_comments_matching(
    request: Request, application: Any, *, sorts: dict[str, str], default_sort: str
) -> tuple[list[PublicComment], int]:
    """The case's published comments that match the request's `sentiment`, `query`, `topic` and published dates,
    in its `sortBy` (one of `sorts`: parameter value → field) and `orderBy`; and how many are published in all."""
    published = published_comments(application)
    comments = published
    sentiments = _choice(request, "sentiment", PUBLIC_SENTIMENTS)
    if sentiments:
        comments = comments.filter(stance__in=sentiments)
    query = _text(request, "query")
    if query:
        comments = comments.filter(redacted_text__icontains=query)
    comments = _published_range(comments, request, "redacted_at")
    topic = _text(request, "topic")
    if topic and topic not in TOPICS:
        raise BadParameter("topic", f"must be one of: {', '.join(TOPICS)}")
    sort_by = (request.query_params.get("sortBy") or default_sort).strip()
    if sort_by not in sorts:
        raise BadParameter("sortBy", f"must be {' or '.join(sorts)}")
    sign = "-" if _descending(request) else ""
    ordered = comments.order_by(f"{sign}{sorts[sort_by]}", f"{sign}id")
    # Topics are a JSON list, which SQLite cannot search inside: a case's published comments are filtered here.
    return [c for c in ordered if not topic or topic in c.topics], published.count()


class PublicCommentsView(PublicApiView):
    @extend_schema(
        tags=_TAG,
        operation_id="odp_public_comments",
        summary="Published comments from the public, with their summary",
        responses={200: dict},
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.application(reference)
        page, per_page = page_params(request, allow_zero=True)
        matching, total_available = public_comments_matching(
            request,
            application,
            sorts={"publishedAt": "redacted_at", "receivedAt": "received_at"},
            default_sort="publishedAt",
        )
        data = odp_comments.public_comments(application=application, comments=_page(matching, page, per_page))
        return paged(data, per_page=per_page, page=page, total=len(matching), total_available=total_available)


def case_consultees(application: Any) -> QuerySet[CaseConsultee]:
    return (
        CaseConsultee.objects.filter(council=application.council_id, consultation__application=application)
        .exclude(status=CaseConsultee.Status.NOT_CONSULTED)
        .select_related("consultee")
        .order_by("emailed_at", "id")
    )


def published_responses(application: Any) -> QuerySet[ConsulteeResponse]:
    return ConsulteeResponse.objects.filter(
        council=application.council_id,
        case_consultee__consultation__application=application,
        redacted_at__isnull=False,
    ).prefetch_related("documents")


def responses_matching(request: Request, responses: QuerySet[ConsulteeResponse]) -> QuerySet[ConsulteeResponse]:
    sentiments = _choice(request, "sentiment", SPECIALIST_SENTIMENTS)
    if sentiments:
        responses = responses.filter(stance__in=sentiments)
    query = _text(request, "query")
    if query:
        responses = responses.filter(redacted_text__icontains=query)
    responses = _published_range(responses, request, "redacted_at")
    sign = "-" if _descending(request) else ""
    return responses.order_by(f"{sign}redacted_at", f"{sign}id")


class SpecialistCommentsView(PublicApiView):
    @extend_schema(
        tags=_TAG,
        operation_id="odp_specialist_comments",
        summary="Published responses from consultees, by consultee",
        responses={200: dict},
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.application(reference)
        page, per_page = page_params(request, allow_zero=True)
        consulted = list(case_consultees(application))
        published = list(published_responses(application))
        matching = list(responses_matching(request, published_responses(application)))
        by_consultee: dict[int, list[ConsulteeResponse]] = {}
        for response in matching:
            by_consultee.setdefault(response.case_consultee_id, []).append(response)
        specialists = [c for c in consulted if c.pk in by_consultee]
        total_available = len({r.case_consultee_id for r in published})
        data = odp_comments.specialist_comments(
            application=application, case_consultees=_page(specialists, page, per_page), responses=matching
        )
        return paged(data, per_page=per_page, page=page, total=len(specialists), total_available=total_available)


class SpecialistView(PublicApiView):
    @extend_schema(
        tags=_TAG,
        operation_id="odp_specialist_show",
        summary="One consultee and their published responses",
        responses={200: dict},
    )
    def get(self, request: Request, reference: str, specialist_id: int) -> Response:
        application = self.application(reference)
        page, per_page = page_params(request, allow_zero=True)
        consultee = case_consultees(application).filter(pk=specialist_id).first()
        published = published_responses(application).filter(case_consultee_id=specialist_id)
        if consultee is None or not published.exists():
            raise NotFound("There is no consultee with published responses by this id on this application.")
        matching = list(responses_matching(request, published))
        data = odp_comments.specialist(
            application=application,
            case_consultee=consultee,
            responses=_page(matching, page, per_page),
            base_url=self.base_url(),
        )
        return paged(data, per_page=per_page, page=page, total=len(matching), total_available=published.count())
