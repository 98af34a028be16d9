"""Validation requests over the API, for applicant front ends other than ours: read a case's requests, answer one.

A key reads with validation_request:read and answers with validation_request:write (HasScope maps the method to
the action). Requests the applicant has not been sent yet (pending) do not exist for the API. Answers go through
the same service as the applicant pages, so each kind's rules (rules.py) apply alike; this module only turns the
body, JSON or multipart, into an `Answered`, and refuses what cannot be read with a pointer to the problem.
"""

import base64
import posixpath
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.core.api import error_response
from bops.documents.services import Upload
from bops.submissions.api import ERROR
from bops.validation.models import RequestKind, RequestState, ValidationRequest
from bops.validation.rules import RULES, Answer
from bops.validation.selectors import open_requests_for_applicant, request_get
from bops.validation.services import Answered, validation_request_answer

# Document.name's length.
MAX_FILE_NAME = 255

Problems = list[dict[str, str]]


# --- What a request looks like --------------------------------------------------------------------------------


class ValidationRequestDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ValidationRequestAnswerSerializer(serializers.Serializer):
    approved = serializers.BooleanField(
        allow_null=True, help_text="Agreed (true) or not (false) to a proposed change; null for other kinds."
    )
    response = serializers.CharField(help_text="The applicant's written answer.")
    rejection_reason = serializers.CharField(help_text="Why the applicant disagreed.")
    auto_closed = serializers.BooleanField(help_text="Accepted by itself once the response date had passed.")
    documents = ValidationRequestDocumentSerializer(
        many=True, source="received_documents.all", help_text="The files the applicant sent."
    )


class ValidationRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sequence = serializers.IntegerField(help_text="1, 2, 3... within the case.")
    type = serializers.ChoiceField(RequestKind.choices, source="kind")
    title = serializers.SerializerMethodField(help_text="What the applicant is asked, in plain words.")
    answer_with = serializers.SerializerMethodField(
        help_text="agree: agree, or disagree with a reason; text: a written answer; files: one or more files."
    )
    takes_files = serializers.SerializerMethodField(help_text="Whether the answer may carry files.")
    state = serializers.ChoiceField(
        [(s.value, s.label) for s in RequestState if s != RequestState.PENDING],
        help_text="open: waiting for an answer; closed: answered; cancelled: withdrawn by the council.",
    )
    reason = serializers.CharField(help_text="Why the council asks.")
    suggestion = serializers.CharField(help_text="What the council suggests the applicant does.")
    post_validation = serializers.BooleanField(help_text="Asked after the application was validated.")
    response_due = serializers.DateField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    document_type = serializers.CharField(help_text="The kind of document asked for (additional documents).")
    document = ValidationRequestDocumentSerializer(
        allow_null=True, help_text="The document to replace (replacement documents)."
    )
    proposed = serializers.JSONField(
        allow_null=True,
        help_text="The proposed description or condition text, boundary (GeoJSON Feature) or decision date (ISO).",
    )
    original = serializers.JSONField(allow_null=True, help_text="What the proposal would replace.")
    answer = serializers.SerializerMethodField()

    def get_title(self, request: ValidationRequest) -> str:
        return RULES[RequestKind(request.kind)].title

    @extend_schema_field(serializers.ChoiceField([a.value for a in Answer]))
    def get_answer_with(self, request: ValidationRequest) -> str:
        return RULES[RequestKind(request.kind)].answer.value

    def get_takes_files(self, request: ValidationRequest) -> bool:
        rule = RULES[RequestKind(request.kind)]
        return rule.answer == Answer.FILES or rule.files_allowed

    @extend_schema_field(ValidationRequestAnswerSerializer(allow_null=True))
    def get_answer(self, request: ValidationRequest) -> dict[str, Any] | None:
        if request.state != RequestState.CLOSED:
            return None
        return ValidationRequestAnswerSerializer(request).data


class ValidationRequestsSerializer(serializers.Serializer):
    reference = serializers.CharField()
    validation_requests = ValidationRequestSerializer(many=True)


# --- What an answer looks like (described here; read strictly by _answer_from_json and _answer_from_form) ----


class ValidationRequestAnswerFileSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The file's name, such as site-plan.pdf: its extension must match it.")
    content = serializers.CharField(help_text="The file's bytes, base64-encoded.")
    content_type = serializers.CharField(required=False, allow_null=True, help_text="Its MIME type, if known.")


class ValidationRequestAnswerBodySerializer(serializers.Serializer):
    agree = serializers.BooleanField(required=False, allow_null=True, help_text="For answer_with agree.")
    reason = serializers.CharField(required=False, help_text="Why the applicant disagrees (needed to disagree).")
    text = serializers.CharField(required=False, help_text="The written answer (needed for answer_with text).")
    files = ValidationRequestAnswerFileSerializer(many=True, required=False)


class ValidationRequestAnswerFormSerializer(serializers.Serializer):
    agree = serializers.ChoiceField(["true", "false"], required=False)
    reason = serializers.CharField(required=False)
    text = serializers.CharField(required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False)


# --- Finding the case and the request -------------------------------------------------------------------------


def _case(request: Request, reference: str) -> PlanningApplication | None:
    """The case by its reference (24-00100-HAPP), with or without this council's code (SWK-24-00100-HAPP)."""
    council = request._request.council
    wanted = reference.strip().upper()
    wanted = wanted.removeprefix(f"{council.code}-")
    try:
        return planning_application_get(council=council, reference=wanted)
    except Http404:
        return None


def _sent_request(application: PlanningApplication, request_id: int) -> ValidationRequest | None:
    found = request_get(application=application, request_id=request_id)
    return found if found is not None and found.state != RequestState.PENDING else None


def _no_case() -> Response:
    return error_response(404, "There is no case with this reference in this council.")


def _no_request() -> Response:
    return error_response(404, "There is no such validation request on this case.")


# --- Reading an answer ----------------------------------------------------------------------------------------


def _is_form(request: Request) -> bool:
    return request.content_type.split(";")[0].strip().lower() == "multipart/form-data"


def _body_limit(request: Request) -> int:
    """A form may carry one document of the largest size allowed, with room for the words around it. JSON is read
    whole into memory, and base64 makes files a third larger, so it keeps the API's usual limit."""
    if _is_form(request):
        return settings.DOCUMENT_MAX_BYTES + settings.API_MAX_BODY_BYTES
    return settings.API_MAX_BODY_BYTES


def _too_big(request: Request) -> Response:
    limit = _body_limit(request)
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    message = f"The body is larger than {size}"
    if not _is_form(request):
        message += ": send large files as multipart/form-data"
    return error_response(413, f"{message}.")


def _content_length(request: Request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _file_name(value: Any) -> str | None:
    """The name without any folders (as Django does with uploaded files), or None when it cannot be a name."""
    if not isinstance(value, str):
        return None
    name = posixpath.basename(value.replace("\\", "/")).strip()
    if name in ("", ".", "..") or any(ord(c) < 32 for c in name):
        return None
    return name


def _name_problem(value: Any, pointer: str, problems: Problems) -> str | None:
    """The file's name, or None with the problem added."""
    name = _file_name(value)
    if name is None:
        problems.append({"pointer": pointer, "message": "Give the file's name, such as site-plan.pdf."})
        return None
    if len(name) > MAX_FILE_NAME:
        problems.append({"pointer": pointer, "message": f"The file's name is longer than {MAX_FILE_NAME} characters."})
        return None
    return name


def _text(value: Any, pointer: str, problems: Problems) -> str:
    """A string field ("" when absent), or "" with the problem added."""
    label = pointer.rsplit("/", 1)[-1]
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append({"pointer": pointer, "message": f"{label} must be a string."})
        return ""
    if "\x00" in value:
        problems.append({"pointer": pointer, "message": f"{label} contains a null character."})
        return ""
    return value


def _decoded(value: Any) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        # Line breaks are allowed: some encoders wrap base64 at 76 characters.
        return base64.b64decode("".join(value.split()), validate=True)
    except ValueError:
        return None


def _files_from_json(files: Any, problems: Problems) -> list[Upload]:
    if files is None:
        return []
    if not isinstance(files, list):
        problems.append({"pointer": "/files", "message": "files must be a list of {name, content, content_type}."})
        return []
    uploads = []
    for index, item in enumerate(files):
        at = f"/files/{index}"
        if not isinstance(item, dict):
            problems.append({"pointer": at, "message": "Each file is an object with a name and base64 content."})
            continue
        before = len(problems)
        name = _name_problem(item.get("name"), f"{at}/name", problems)
        content = _decoded(item.get("content"))
        if content is None:
            problems.append({"pointer": f"{at}/content", "message": "content must be the file in base64."})
        content_type = _text(item.get("content_type"), f"{at}/content_type", problems)
        if len(problems) == before and name is not None and content is not None:
            uploads.append(Upload(name=name, content=content, declared_type=content_type or None))
    return uploads


def _answer_from_json(data: Any) -> tuple[Answered, Problems]:
    if not isinstance(data, dict):
        return Answered(), [{"pointer": "", "message": "Send a JSON object with agree, reason, text and files."}]
    problems: Problems = []
    agree = data.get("agree")
    if agree is not None and not isinstance(agree, bool):
        problems.append({"pointer": "/agree", "message": "agree must be true or false."})
        agree = None
    reason = _text(data.get("reason"), "/reason", problems)
    text = _text(data.get("text"), "/text", problems)
    uploads = _files_from_json(data.get("files"), problems)
    return Answered(agree=agree, reason=reason, text=text, uploads=uploads), problems


def _answer_from_form(request: Request) -> tuple[Answered, Problems]:
    problems: Problems = []
    form, files = request.POST, request.FILES
    agree_value = form.get("agree", "").strip().lower()
    agree = {"true": True, "false": False, "": None}.get(agree_value)
    if agree is None and agree_value:
        problems.append({"pointer": "/agree", "message": "agree must be true or false."})
    reason = _text(form.get("reason"), "/reason", problems)
    text = _text(form.get("text"), "/text", problems)
    for field in files:
        if field != "files":
            problems.append({"pointer": f"/{field}", "message": "Send files under the field name files."})
    uploads = []
    for index, uploaded in enumerate(files.getlist("files")):
        name = _name_problem(uploaded.name, f"/files/{index}/name", problems)
        if name is not None:
            uploads.append(Upload(name=name, content=uploaded.read(), declared_type=uploaded.content_type))
    return Answered(agree=agree, reason=reason, text=text, uploads=uploads), problems


def _answer(request: Request) -> Answered | Response:
    """The answer in the body, or the response that refuses it: unreadable, or with fields of the wrong type
    (each with its JSON pointer). What the answer must contain for the request's kind is the service's to say."""
    try:
        data = request.data
    except RequestDataTooBig:
        return _too_big(request)
    except TooManyFilesSent:
        return error_response(400, "There are too many files in the answer.")
    if _is_form(request):
        answer, problems = _answer_from_form(request)
    else:
        answer, problems = _answer_from_json(data)
    if problems:
        message = problems[0]["message"] if len(problems) == 1 else "The answer could not be read."
        return error_response(400, message, problems)
    return answer


# --- The views ------------------------------------------------------------------------------------------------

REFERENCE = OpenApiParameter(
    "reference",
    str,
    OpenApiParameter.PATH,
    description="The case's reference, as 24-00100-HAPP or with the council's code, SWK-24-00100-HAPP.",
)
REQUEST_ID = OpenApiParameter("request_id", int, OpenApiParameter.PATH, description="The request's id.")
KEY_ERRORS = {
    401: OpenApiResponse(ERROR, description="No key, a revoked key, or another council's key"),
    404: OpenApiResponse(ERROR, description="No such case in this council, or no such request on it"),
}
EXAMPLE = {
    "id": 412,
    "sequence": 1,
    "type": "description_change",
    "title": "Agree a new description",
    "answer_with": "agree",
    "takes_files": False,
    "state": "open",
    "reason": "The description does not mention the roof terrace.",
    "suggestion": "",
    "post_validation": False,
    "response_due": "2024-03-11",
    "sent_at": "2024-03-04T10:15:00Z",
    "closed_at": None,
    "cancelled_at": None,
    "cancel_reason": "",
    "document_type": "",
    "document": None,
    "proposed": "Erection of a single storey rear extension with a roof terrace",
    "original": "Erection of a single storey rear extension",
    "answer": None,
}


class ValidationRequestsView(APIView):
    required_scope = "validation_request"

    @extend_schema(
        operation_id="listValidationRequests",
        summary="The validation requests sent to the applicant of a case",
        description="Open, answered and cancelled requests, in the order they were made; not those not yet sent.",
        parameters=[REFERENCE],
        responses={
            200: ValidationRequestsSerializer,
            **KEY_ERRORS,
            403: OpenApiResponse(ERROR, description="The key lacks validation_request:read"),
        },
    )
    def get(self, request: Request, reference: str) -> Response:
        application = _case(request, reference)
        if application is None:
            return _no_case()
        requests = open_requests_for_applicant(application=application)
        return Response(
            {
                "reference": application.reference,
                "validation_requests": ValidationRequestSerializer(requests, many=True).data,
            }
        )


class ValidationRequestView(APIView):
    required_scope = "validation_request"

    @extend_schema(
        operation_id="getValidationRequest",
        summary="One validation request, and its answer once there is one",
        parameters=[REFERENCE, REQUEST_ID],
        responses={
            200: ValidationRequestSerializer,
            **KEY_ERRORS,
            403: OpenApiResponse(ERROR, description="The key lacks validation_request:read"),
        },
        examples=[OpenApiExample("Open description change", response_only=True, status_codes=["200"], value=EXAMPLE)],
    )
    def get(self, request: Request, reference: str, request_id: int) -> Response:
        application = _case(request, reference)
        if application is None:
            return _no_case()
        found = _sent_request(application, request_id)
        if found is None:
            return _no_request()
        return Response(ValidationRequestSerializer(found).data)


class ValidationRequestResponseView(APIView):
    """Answer an open request, as the applicant would through their link; the officer is told."""

    required_scope = "validation_request"
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="answerValidationRequest",
        summary="Answer an open validation request",
        description=(
            "What to send depends on the request's answer_with: agree (true, or false with a reason), text, or "
            "files (as base64 in JSON, or as multipart/form-data under files). A request takes one answer. A JSON "
            "body may be as large as the API's usual limit (5 MB by default); a form, one document of the largest "
            "size allowed (30 MB by default) and the words around it."
        ),
        parameters=[REFERENCE, REQUEST_ID],
        request={
            "application/json": ValidationRequestAnswerBodySerializer,
            "multipart/form-data": ValidationRequestAnswerFormSerializer,
        },
        responses={
            200: OpenApiResponse(ValidationRequestSerializer, description="The request, answered"),
            400: OpenApiResponse(ERROR, description="Not JSON, or a field of the wrong type: each with a pointer"),
            **KEY_ERRORS,
            403: OpenApiResponse(ERROR, description="The key lacks validation_request:write"),
            413: OpenApiResponse(ERROR, description="The body is larger than the limit"),
            415: OpenApiResponse(ERROR, description="The body is neither JSON nor multipart/form-data"),
            422: OpenApiResponse(
                ERROR,
                description="The answer is refused: already answered, cancelled, the case is closed, a reason or "
                "a file is missing, or a file is empty, too large or not what its name says",
            ),
        },
        examples=[
            OpenApiExample("Agree", request_only=True, value={"agree": True}),
            OpenApiExample(
                "Disagree", request_only=True, value={"agree": False, "reason": "There is no roof terrace."}
            ),
            OpenApiExample(
                "Send a file",
                request_only=True,
                value={"files": [{"name": "site-plan.pdf", "content": "JVBERi0xLjcK...", "content_type": None}]},
            ),
        ],
    )
    def post(self, request: Request, reference: str, request_id: int) -> Response:
        if _content_length(request) > _body_limit(request):
            return _too_big(request)
        application = _case(request, reference)
        if application is None:
            return _no_case()
        if _sent_request(application, request_id) is None:
            return _no_request()
        answer = _answer(request)
        if isinstance(answer, Response):
            return answer
        validation_request_answer(
            council=application.council,
            application_id=application.pk,
            request_id=request_id,
            answer=answer,
            through="api",
        )
        return Response(ValidationRequestSerializer(request_get(application=application, request_id=request_id)).data)
