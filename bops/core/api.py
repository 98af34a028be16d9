"""The API's one error shape: {"error": {"code": 400, "message": "...", "detail": [{"pointer", "message"}]}}."""

from http import HTTPStatus
from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response

from bops.core.errors import DomainError


def error_response(code: int, message: str, detail: list[dict[str, str]] | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response({"error": body}, status=code)
    if code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _pointers(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        return [item for key, value in detail.items() for item in _pointers(value, f"{prefix}/{key}")]
    if isinstance(detail, list):
        return [item for value in detail for item in _pointers(value, prefix)]
    return [{"pointer": prefix, "message": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        pointer = f"/{exc.field}" if exc.field else ""
        return error_response(422, exc.message, [{"pointer": pointer, "message": exc.message}])
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return error_response(401, str(exc.detail))
    if isinstance(exc, exceptions.APIException):
        code = exc.status_code
        message = HTTPStatus(code).phrase
        detail = exc.detail
        if isinstance(detail, (dict, list)):
            return error_response(code, message, _pointers(detail))
        return error_response(code, str(detail) or message)
    return None
