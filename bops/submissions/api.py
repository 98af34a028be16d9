"""The intake API. Bodies are read raw and stored before they are parsed, so nothing a sender posts is lost."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bops.core.api import error_response
from bops.submissions.models import Submission
from bops.submissions.services import (
    SubmissionRejected,
    submission_create_application,
    submission_fail,
    submission_prepare,
    submission_receive,
)
from bops.submissions.tasks import process_submission

ERROR = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorBody",
            {
                "code": serializers.IntegerField(),
                "message": serializers.CharField(),
                "detail": inline_serializer(
                    "Pointer",
                    {"pointer": serializers.CharField(), "message": serializers.CharField()},
                    many=True,
                    required=False,
                ),
            },
        )
    },
)
ODP_BODY = {"application/json": {"type": "object", "description": "An ODP Application (schema v0.7.x)."}}
ERRORS = {
    400: OpenApiResponse(
        ERROR, description="Not JSON, or not a valid ODP Application: each problem with a JSON pointer"
    ),
    401: OpenApiResponse(ERROR, description="No key, a revoked key, or another council's key"),
    403: OpenApiResponse(ERROR, description="The key lacks planning_application:write"),
    413: OpenApiResponse(ERROR, description="The body is larger than the limit"),
    415: OpenApiResponse(ERROR, description="The body is not application/json"),
}


def _read_body(request: Request) -> bytes | Response:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.API_MAX_BODY_BYTES
    too_big = error_response(413, f"The body is larger than {limit // (1024 * 1024)} MB.")
    if length > limit:
        return too_big
    try:
        return request._request.body
    except RequestDataTooBig:
        return too_big


def _receive(request: Request, route: str) -> Submission | Response:
    """Read the body (refusing one over the limit) and store it, with its headers and key, before anything else."""
    body = _read_body(request)
    if isinstance(body, Response):
        return body
    return submission_receive(
        council=request._request.council, api_key=request.auth, route=route, body=body, meta=request.META
    )


def _rejected(submission: Submission, rejected: SubmissionRejected) -> Response:
    submission_fail(submission=submission, errors=rejected.errors)
    message = (
        rejected.errors[0]["message"]
        if len(rejected.errors) == 1
        else ("The submission is not a valid ODP Application.")
    )
    return error_response(rejected.status, message, rejected.errors, submission=str(submission.pk))


def _status_url(request: Request, submission: Submission) -> str:
    return request.build_absolute_uri(reverse("api:submission", args=[submission.pk]))


class PlanningApplicationsView(APIView):
    """BOPS's contract with PlanX: the case is made at once and its reference returned; files follow."""

    required_scope = "planning_application"

    @extend_schema(
        operation_id="createPlanningApplication",
        summary="Submit an application (as PlanX does to BOPS)",
        request=ODP_BODY,
        responses={
            200: inline_serializer(
                "Created",
                {
                    "id": serializers.CharField(),
                    "message": serializers.CharField(),
                    "submission": serializers.UUIDField(),
                },
            ),
            **ERRORS,
            422: OpenApiResponse(
                ERROR, description="The type is not accepted, or the boundary is not a usable red line"
            ),
        },
        examples=[
            OpenApiExample(
                "Created",
                response_only=True,
                status_codes=["200"],
                value={
                    "id": "24-00100-HAPP",
                    "message": "Application successfully created",
                    "submission": "0b9c7f0e-1b3c-4f5e-9a61-2f0c1d0e9a11",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        submission = _receive(request, Submission.Route.PLANNING_APPLICATIONS)
        if isinstance(submission, Response):
            return submission
        if submission.duplicate_of is not None:
            original = submission.duplicate_of
            if original.application is not None:
                return Response(
                    {
                        "id": original.application.reference,
                        "message": "Application already received",
                        "submission": str(original.pk),
                    }
                )
            return error_response(
                409,
                "This submission is already being processed.",
                submission=str(original.pk),
                status=_status_url(request, original),
            )
        try:
            prepared = submission_prepare(submission=submission)
            with transaction.atomic():
                application = submission_create_application(submission=submission, prepared=prepared)
                transaction.on_commit(lambda: process_submission.enqueue(str(submission.pk)))
        except SubmissionRejected as rejected:
            return _rejected(submission, rejected)
        return Response(
            {
                "id": application.reference,
                "message": "Application successfully created",
                "submission": str(submission.pk),
            }
        )


def _state(request: Request, submission: Submission) -> dict[str, Any]:
    application = submission.application
    return {
        "id": str(submission.pk),
        "state": submission.state,
        "receivedAt": submission.received_at.isoformat(),
        "processedAt": submission.processed_at.isoformat() if submission.processed_at else None,
        "application": {
            "reference": application.reference,
            "referenceInFull": application.reference_in_full,
            "status": application.status,
        }
        if application
        else None,
        "errors": submission.errors,
        "duplicateOf": str(submission.duplicate_of_id) if submission.duplicate_of_id else None,
        "links": {"self": _status_url(request, submission)},
    }


STATE = inline_serializer(
    "SubmissionState",
    {
        "id": serializers.UUIDField(),
        "state": serializers.ChoiceField(Submission.State.choices),
        "receivedAt": serializers.DateTimeField(),
        "processedAt": serializers.DateTimeField(allow_null=True),
        "application": inline_serializer(
            "SubmissionApplication",
            {
                "reference": serializers.CharField(),
                "referenceInFull": serializers.CharField(),
                "status": serializers.CharField(),
            },
            allow_null=True,
        ),
        "errors": inline_serializer(
            "SubmissionError", {"pointer": serializers.CharField(), "message": serializers.CharField()}, many=True
        ),
        "duplicateOf": serializers.UUIDField(allow_null=True),
    },
)


class SubmissionsView(APIView):
    """Store and answer at once; the worker does the rest. Follow it at /api/v2/submissions/{id}."""

    required_scope = "planning_application"

    @extend_schema(
        operation_id="createSubmission",
        summary="Submit an application and follow it asynchronously",
        request=ODP_BODY,
        responses={202: STATE, 200: OpenApiResponse(STATE, description="Already received"), **ERRORS},
        examples=[
            OpenApiExample(
                "Received",
                response_only=True,
                status_codes=["202"],
                value={
                    "id": "0b9c7f0e-1b3c-4f5e-9a61-2f0c1d0e9a11",
                    "state": "received",
                    "receivedAt": "2024-03-04T10:15:00Z",
                    "processedAt": None,
                    "application": None,
                    "errors": [],
                    "duplicateOf": None,
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        submission = _receive(request, Submission.Route.SUBMISSIONS)
        if isinstance(submission, Response):
            return submission
        if submission.duplicate_of is not None:
            return Response(_state(request, submission.duplicate_of), status=200)
        content_type = submission.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return _rejected(
                submission,
                SubmissionRejected(
                    [
                        {
                            "pointer": "",
                            "message": f"Send the body as application/json, not {content_type or 'nothing'}.",
                        }
                    ],
                    status=415,
                ),
            )
        transaction.on_commit(lambda: process_submission.enqueue(str(submission.pk)))
        return Response(_state(request, submission), status=202)


class SubmissionDetailView(APIView):
    required_scope = "planning_application"

    @extend_schema(
        operation_id="getSubmission",
        summary="What happened to a submission",
        responses={200: STATE, 401: ERRORS[401], 404: OpenApiResponse(ERROR, description="Not found")},
    )
    def get(self, request: Request, submission_id: str) -> Response:
        submission = (
            Submission.objects.select_related("application__council")
            .filter(council=request._request.council, pk=submission_id)
            .first()
        )
        if submission is None:
            return error_response(404, "There is no such submission for this council.")
        return Response(_state(request, submission))
