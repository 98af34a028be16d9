"""BOPS's own API shapes, so a register written against BOPS (the Digital Planning Register among them) runs on
this system unchanged: the public v2 endpoints (§2.1 of bops-api.md), the keyed `GET /api/v2/planning_applications/
{reference}` (DPR reads its `id`) and `POST /api/v1/planning_applications/{id}/neighbour_responses` (DPR posts a
resident's comment; it is stored like one from the register's form, awaiting redaction).

BOPS's defects are not copied: an unknown sentiment is a 400 naming the parameter (BOPS answers 500), a case that
takes no comments is a 409 (BOPS: 500), and every error has a code.
"""

import hashlib
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bops.applications.models import PlanningApplication, Status
from bops.consultation import comments as comment_services
from bops.consultation.models import TOPICS
from bops.core.api import error_response
from bops.core.errors import DomainError
from bops.councils.api_auth import CouncilApiKeyAuthentication, HasScope
from bops.councils.models import ApiKey
from bops.register import bops_shapes
from bops.register.api_base import (
    CORS_HEADERS,
    BadParameter,
    PublicApiView,
    page_params,
    pagination,
    today,
)
from bops.register.api_odp import (
    case_consultees,
    public_comments_matching,
    published_comments,
    published_responses,
    responses_matching,
)
from bops.register.search import (
    QueryError,
    RegisterQuery,
    Row,
    application_by_reference_or_id,
    latest_appeals,
    register_applications,
    register_query_parse,
    register_rows,
    register_search,
)
from bops.register.selectors import register_documents
from bops.submissions.api import ERROR

_TAG = ["BOPS public API"]
BOPS_STATUSES = {s.value for s in Status} - {Status.PENDING.value} | {"assessment_in_progress"}
BOPS_DECISIONS = {"granted": ("granted", "approved"), "refused": ("refused",), "not_required": ("not_required",)}
# Identical comments sent again within this time are the same comment (a retry), not a second one.
REPLAY_WINDOW = timedelta(hours=24)


class BopsPublicView(PublicApiView):
    """BOPS's public endpoints: the body is the object itself, errors are {"error": {...}}."""

    def error(self, exc: exceptions.APIException) -> Response:
        if isinstance(exc, BadParameter):
            detail = [{"pointer": f"/{exc.parameter}", "parameter": exc.parameter, "message": exc.message}]
            return error_response(400, "Bad Request", detail)
        code = exc.status_code
        message = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else ""
        return error_response(code, message or "Error")

    def register_url(self, application: PlanningApplication) -> str:
        return self.base_url() + reverse("register:application", args=[application.reference])

    def document_url(self, application: PlanningApplication, document_id: int) -> str:
        return self.base_url() + reverse("register:document", args=[application.reference, document_id])

    def by_reference_or_id(self, reference: str) -> PlanningApplication:
        """BOPS accepts `NN-NNNNN-SUFFIX` or the numeric id (§2); anything else is a 400."""
        base = register_applications(council=self.council).select_related(
            "application_type", "assigned_officer", "consultation", "determination"
        )
        application = self.parse(application_by_reference_or_id, base, council=self.council, reference=reference)
        if application is None:
            raise exceptions.NotFound("There is no application with this reference on the council's register.")
        return application

    def objects(self, rows: list[Row]) -> list[dict[str, Any]]:
        appeals = latest_appeals([row.application.pk for row in rows])
        return [
            bops_shapes.public_application(
                row,
                register_url=self.register_url(row.application),
                appeal=appeals.get(row.application.pk),
                appeal_files=[],
            )
            for row in rows
        ]


def _bops_filter(request: Request) -> Q:
    """BOPS's `applicationStatus[]` (its own statuses) and `councilDecision`, on top of the shared search."""
    q = Q()
    statuses = [
        s
        for raw in request.query_params.getlist("applicationStatus[]")
        + request.query_params.getlist("applicationStatus")
        for s in raw.split(",")
        if s.strip()
    ]
    for status in statuses:
        if status not in BOPS_STATUSES:
            raise BadParameter("applicationStatus", f"must be one of: {', '.join(sorted(BOPS_STATUSES))}")
    if statuses:
        wanted = {"in_assessment" if s == "assessment_in_progress" else s for s in statuses}
        q &= Q(status__in=wanted)
    decision = (request.query_params.get("councilDecision") or "").strip()
    if decision:
        if decision not in BOPS_DECISIONS:
            raise BadParameter("councilDecision", "must be granted, refused or not_required")
        q &= Q(decision__in=BOPS_DECISIONS[decision], determined_at__isnull=False)
    return q


class PublicSearchView(BopsPublicView):
    @extend_schema(tags=_TAG, summary="P2: search the register (BOPS shape)", responses={200: dict})
    def get(self, request: Request) -> Response:
        council = self.council
        params = request.query_params.copy()
        for bracketed in ("applicationType[]",):
            if bracketed in params:
                params.setlist("applicationType", params.getlist(bracketed))
        for name in ("applicationStatus", "applicationStatus[]", "councilDecision"):
            params.pop(name, None)  # BOPS's own values, read by _bops_filter
        if params.get("sortBy") not in (None, "", "publishedAt", "receivedAt"):
            raise BadParameter("sortBy", "must be publishedAt or receivedAt")
        type_codes = frozenset(council.application_types.values_list("code", flat=True))
        query: RegisterQuery = self.parse(
            register_query_parse, params, type_codes=type_codes, size_parameter="resultsPerPage"
        )
        results = register_search(council=council, query=query, today=today(), extra=_bops_filter(request))
        return Response(
            {
                "pagination": pagination(
                    per_page=query.per_page,
                    page=query.page,
                    total=results.total,
                    total_available=results.total_available,
                ),
                "data": self.objects(results.rows),
            }
        )


class PublicShowView(BopsPublicView):
    @extend_schema(tags=_TAG, summary="P3: one application (BOPS shape)", responses={200: dict})
    def get(self, request: Request, reference: str) -> Response:
        application = self.by_reference_or_id(reference)
        return Response(self.objects(register_rows([application], today=today()))[0])


class PublicDocumentsView(BopsPublicView):
    @extend_schema(
        tags=_TAG, summary="P5: published documents and the decision notice (BOPS shape)", responses={200: dict}
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.by_reference_or_id(reference)
        row = register_rows([application], today=today())[0]
        appeal = latest_appeals([application.pk]).get(application.pk)
        documents = list(register_documents(application=application).order_by("received_at", "id"))
        body: dict[str, Any] = {
            "application": bops_shapes.overview(row, register_url=self.register_url(application), appeal=appeal),
            "files": [bops_shapes.document(d, url=self.document_url(application, d.pk)) for d in documents],
            "metadata": {"results": len(documents), "totalResults": len(documents)},
        }
        determination = getattr(application, "determination", None)
        notice = determination.notice if determination and determination.notice_id else None
        if notice is not None and notice.publishable and notice.archived_at is None:
            body["decisionNotice"] = {"name": notice.name, "url": self.document_url(application, notice.pk)}
        return Response(body)


class PublicCommentsView(BopsPublicView):
    @extend_schema(tags=_TAG, summary="P6: published public comments (BOPS shape)", responses={200: dict})
    def get(self, request: Request, reference: str) -> Response:
        application = self.by_reference_or_id(reference)
        page, per_page = page_params(request, allow_zero=True)
        matching, total_available = public_comments_matching(
            request, application, sorts={"receivedAt": "received_at", "id": "id"}, default_sort="receivedAt"
        )
        tally = dict.fromkeys(bops_shapes.SUMMARY_TAGS.values(), 0)
        for stance in published_comments(application).values_list("stance", flat=True):
            tally[bops_shapes.SUMMARY_TAGS[stance]] += 1  # type: ignore[index]
        shown = matching[(page - 1) * per_page : page * per_page] if per_page else []
        return Response(
            {
                "pagination": pagination(
                    per_page=per_page, page=page, total=len(matching), total_available=total_available
                ),
                "summary": {"totalComments": sum(tally.values()), "sentiment": tally},
                "comments": [bops_shapes.public_comment(c) for c in shown],
            }
        )


class PublicSpecialistCommentsView(BopsPublicView):
    @extend_schema(
        tags=_TAG, summary="P7: published consultee responses, by consultee (BOPS shape)", responses={200: dict}
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.by_reference_or_id(reference)
        if getattr(application, "consultation", None) is None:
            return error_response(400, "Bad Request", [{"pointer": "/reference", "message": "Consultation not found"}])
        page, per_page = page_params(request, allow_zero=True)
        consulted = list(case_consultees(application))
        published = list(published_responses(application))
        responses = responses_matching(request, published_responses(application))
        by_consultee: dict[int, list] = {}
        for response in responses:
            by_consultee.setdefault(response.case_consultee_id, []).append(response)
        specialists = [c for c in consulted if c.pk in by_consultee]
        tally = dict.fromkeys(bops_shapes.SPECIALIST_SENTIMENT.values(), 0)
        for response in published:
            tally[bops_shapes.SPECIALIST_SENTIMENT[response.stance]] += 1  # type: ignore[index]
        shown = specialists[(page - 1) * per_page : page * per_page] if per_page else []
        return Response(
            {
                "pagination": pagination(
                    per_page=per_page,
                    page=page,
                    total=len(specialists),
                    total_available=len({r.case_consultee_id for r in published}),
                ),
                "data": {
                    "summary": {"totalConsulted": len(consulted), "totalComments": len(published), "sentiment": tally},
                    "comments": [
                        {
                            "id": str(c.pk),
                            "organisationSpecialism": c.consultee.organisation,
                            "jobTitle": c.consultee.role or None,
                            "reason": "Other",
                            "constraints": [],
                            "firstConsultedAt": bops_shapes.utc(c.emailed_at),
                            "comments": [bops_shapes.specialist_comment(r) for r in by_consultee[c.pk]],
                        }
                        for c in shown
                    ],
                },
            }
        )


# --- Keyed ----------------------------------------------------------------------------------------------------


class KeyedApplicationView(APIView):
    """A5: `GET /api/v2/planning_applications/{reference}` with a `planning_application:read` key: the flat record,
    with the numeric `id` a register needs to post comments. Any of the council's cases, published or not."""

    authentication_classes = [CouncilApiKeyAuthentication]
    permission_classes = [HasScope]
    required_scope = "planning_application"

    @extend_schema(tags=["Planning applications"], summary="A5: one application, flat (BOPS shape)", responses=ERROR)
    def get(self, request: Request, reference: str) -> Response:
        council = request._request.council  # type: ignore[attr-defined]
        base = council.applications.select_related("application_type", "assigned_officer", "determination")
        try:
            application = application_by_reference_or_id(base, council=council, reference=reference)
        except QueryError:
            return error_response(
                400,
                "Invalid planning application reference or id",
                [{"pointer": "/reference", "message": "must be like 26-00123-HAPP, or a number"}],
            )
        if application is None:
            return error_response(404, "Not Found", [{"pointer": "/reference", "message": "no such application"}])
        return Response(bops_shapes.flat_application(application))


class NeighbourResponseSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    address = serializers.CharField(max_length=400)
    response = serializers.CharField(max_length=comment_services.MAX_TEXT)
    summary_tag = serializers.ChoiceField(choices=["supportive", "neutral", "objection"])
    tags = serializers.ListField(
        child=serializers.ChoiceField(choices=list(TOPICS)), required=False, default=list, max_length=len(TOPICS)
    )


_STANCES = {"supportive": "support", "neutral": "neutral", "objection": "objection"}


class NeighbourResponsesView(APIView):
    """v1 `POST /api/v1/planning_applications/{id}/neighbour_responses` with a `comment:write` key: a resident's
    comment sent on through a register. Stored in full like one from the comment form, published only once an
    officer has redacted it. The same comment sent again (a retry) is answered with the first one's id and not
    stored twice; the limits per sender count each resident (by their address), not the register's server."""

    authentication_classes = [CouncilApiKeyAuthentication]
    permission_classes = [HasScope]
    parser_classes = [JSONParser]
    required_scope = "comment"

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        tags=["Comments"],
        summary="v1: post a resident's comment (BOPS shape)",
        request=NeighbourResponseSerializer,
        responses=ERROR,
    )
    def post(self, request: Request, application_id: str) -> Response:
        council = request._request.council  # type: ignore[attr-defined]
        if not application_id.isdigit():
            return error_response(400, "Bad Request", [{"pointer": "/id", "message": "must be a number"}])
        application = register_applications(council=council).filter(pk=int(application_id)).first()
        if application is None:
            return error_response(404, "Not Found", [{"pointer": "/id", "message": "no such application"}])
        serializer = NeighbourResponseSerializer(data=request.data)
        if not serializer.is_valid():
            raise exceptions.ValidationError(serializer.errors)
        data = serializer.validated_data
        comment = comment_services.NewComment(
            name=data["name"],
            address=data["address"],
            email=data.get("email", ""),
            stance=_STANCES[data["summary_tag"]],
            text=data["response"],
            topics=data.get("tags", []),
        )
        key: ApiKey = request.auth  # type: ignore[assignment]
        sender = hashlib.sha256(f"{key.pk}|{' '.join(data['address'].lower().split())}".encode()).hexdigest()
        try:
            item = comment_services.public_comment_submit(
                council=council,
                application_id=application.pk,
                comment=comment,
                client_key=sender,
                replay_window=REPLAY_WINDOW,
            )
        except DomainError as error:
            if error.code == "closed":
                return error_response(409, error.message, [{"pointer": "", "message": error.message}])
            if error.code == "rate_limited":
                return error_response(429, error.message)
            pointer = f"/{error.field}" if error.field else ""
            return error_response(422, error.message, [{"pointer": pointer, "message": error.message}])
        return Response({"id": item.pk, "message": "Response submitted"})
