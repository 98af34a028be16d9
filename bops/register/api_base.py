"""What every public API view of the register shares: no authentication, GET only, CORS for any origin, a rate
limit per client, ETag and 304, public caching, and the error shape of each API family.

The Digital Planning Register reads these endpoints server-side and revalidates every 60 seconds, so 60 seconds of
caching costs it nothing; browsers may call them directly too (CORS). Nothing here reads or writes a session, and
`NoCookiesMiddleware` (bops.core.http) makes sure no cookie is set on these paths.
"""

from collections.abc import Mapping
from datetime import date
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bops.applications.models import PlanningApplication
from bops.core.http import client_address, etag_for, matches_etag, public_cache_headers, rate_limit
from bops.councils.models import Council
from bops.register.search import QueryError, register_application_get

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Origin, X-Requested-With, Content-Type, Accept, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
}
MAX_AGE = 60


class NotOnRegister(exceptions.NotFound):
    default_detail = "There is no application with this reference on the council's register."


class BadParameter(exceptions.ParseError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter} {message}")
        self.parameter = parameter
        self.message = message


def status_body(code: int, message: str | None = None, detail: list[dict[str, str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message or HTTPStatus(code).phrase}
    if detail:
        body["detail"] = detail
    return body


def today() -> date:
    return timezone.localdate()


class PublicApiView(APIView):
    """A public GET endpoint on a council's subdomain. Subclasses answer `get` and say how errors are shaped."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]
    rate_scope = "public-api"

    @property
    def council(self) -> Council:
        council = getattr(self.request._request, "council", None)  # type: ignore[union-attr]
        if council is None:
            raise exceptions.NotFound("Use a council's address for its register.")
        return council

    def base_url(self) -> str:
        return f"{self.request.scheme}://{self.request.get_host()}"

    def application(self, reference: str) -> PlanningApplication:
        application = register_application_get(council=self.council, reference=reference)
        if application is None:
            raise NotOnRegister()
        return application

    def parse(self, parse: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a query parser; a QueryError becomes a 400 that names the parameter."""
        try:
            return parse(*args, **kwargs)
        except QueryError as error:
            raise BadParameter(error.parameter, error.message) from None

    # --- The HTTP around every answer ---------------------------------------------------------------------------

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        limit, window = settings.PUBLIC_API_RATE_LIMIT
        limited = rate_limit(
            scope=self.rate_scope, client=client_address(request._request), limit=limit, window_seconds=window
        )
        if limited is not None:
            raise exceptions.Throttled(wait=limited.retry_after)

    def options(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(status=204)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, exceptions.APIException):
            response = self.error(exc)
            if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
                response["Retry-After"] = str(int(exc.wait))
            return response
        raise exc

    def error(self, exc: exceptions.APIException) -> Response:
        """The ODP envelope, `status` inside the body (the register reads `status.code`), and the JSON pointer."""
        code = exc.status_code
        detail = None
        message = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else HTTPStatus(code).phrase
        if isinstance(exc, BadParameter):
            detail = [{"pointer": f"/{exc.parameter}", "parameter": exc.parameter, "message": exc.message}]
            message = "The request has a parameter that cannot be used."
        elif isinstance(exc, exceptions.Throttled):
            message = f"Too many requests from this client. Try again in {int(exc.wait or 1)} seconds."
        return Response({"data": None, "status": status_body(code, message, detail)}, status=code)

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            response["Cache-Control"] = "no-store"
            return response
        if isinstance(response, Response):
            response.render()
        etag = etag_for(response.content)  # type: ignore[attr-defined]
        public_cache_headers(response, max_age=MAX_AGE)
        response["ETag"] = etag
        if matches_etag(request._request, etag):
            not_modified = HttpResponse(status=304)
            for name in ("ETag", "Cache-Control", *CORS_HEADERS):
                not_modified[name] = response[name]
            return not_modified
        return response


def envelope(data: Any, *, pagination: Mapping[str, int] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"data": data}
    if pagination is not None:
        body["pagination"] = dict(pagination)
    body["status"] = status_body(200, "OK")
    return body


def paged(data: Any, *, per_page: int, page: int, total: int, total_available: int) -> Response:
    """An ODP answer of one page: the data, its pagination and the status."""
    return Response(
        envelope(
            data, pagination=pagination(per_page=per_page, page=page, total=total, total_available=total_available)
        )
    )


def pagination(*, per_page: int, page: int, total: int, total_available: int) -> dict[str, int]:
    pages = max(1, -(-total // per_page)) if per_page else 1
    return {
        "resultsPerPage": per_page,
        "currentPage": page,
        "totalPages": pages,
        "totalResults": total,
        "totalAvailableItems": total_available,
    }


def page_params(request: HttpRequest | Request, *, default: int = 10, allow_zero: bool = False) -> tuple[int, int]:
    """`page` (from 1) and `resultsPerPage` (1 to 50; 0 for "just the summary" where the endpoint allows it)."""
    params = request.GET if isinstance(request, HttpRequest) else request.query_params
    page = _whole(params.get("page"), "page", default=1, low=1, high=100_000)
    per_page = _whole(
        params.get("resultsPerPage"), "resultsPerPage", default=default, low=0 if allow_zero else 1, high=50
    )
    return page, per_page


def _whole(raw: str | None, name: str, *, default: int, low: int, high: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, "must be a whole number") from None
    if not low <= value <= high:
        raise BadParameter(name, f"must be from {low} to {high}")
    return value
