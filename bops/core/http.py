"""HTTP as the public web expects it, for every public endpoint: the client's address behind a proxy, a rate limit
per client, conditional GETs (ETag and 304) and caching headers. One implementation, used by the register's API
and pages."""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase, HttpResponseNotAllowed, JsonResponse

from bops.core.views import method_not_allowed


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent the request.

    Behind a reverse proxy or load balancer every request comes from the proxy; `TRUSTED_PROXIES` says how many
    proxies stand in front of the service, and the client is then the address that many entries from the right of
    X-Forwarded-For (each proxy appends the address it received the request from). Entries further left are written
    by the client itself and are never trusted."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "TRUSTED_PROXIES", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return forwarded[0] if forwarded else remote
    return forwarded[-hops]


@dataclass(frozen=True)
class Limited:
    """The client has used up its window: retry after this many seconds."""

    retry_after: int


def rate_limit(*, scope: str, client: str, limit: int, window_seconds: int) -> Limited | None:
    """Count one request of `client` in the current fixed window of `scope`; Limited once over `limit`.

    The counter lives in Django's default cache: shared by every process when the cache is (Redis, Memcached,
    the database), per process with the local-memory default (the operations guide says which to configure)."""
    now = int(time.time())
    window = now // window_seconds
    digest = hashlib.sha256(f"{scope}|{client}".encode()).hexdigest()[:32]
    key = f"rate:{digest}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window_seconds + 1)
            count = 1
    if count > limit:
        return Limited(retry_after=max(1, (window + 1) * window_seconds - now))
    return None


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def matches_etag(request: HttpRequest, etag: str) -> bool:
    """If-None-Match names this ETag (or `*`); weak and strong forms compare alike for GET."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def public_cache_headers(response: HttpResponseBase, *, max_age: int) -> None:
    response["Cache-Control"] = f"public, max-age={max_age}"


class NoCookiesMiddleware:
    """Responses on `COOKIELESS_PATH_PREFIXES` carry no cookie and do not vary by one: a public, cacheable answer
    is the same for everyone, signed in or not. Listed first, it sees each response last."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        prefixes = getattr(settings, "COOKIELESS_PATH_PREFIXES", ())
        if prefixes and request.path.startswith(tuple(prefixes)):
            response.cookies.clear()
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            remaining = [v for v in vary if v.lower() != "cookie"]
            if remaining:
                response["Vary"] = ", ".join(remaining)
            elif "Vary" in response:
                del response["Vary"]
        return response


class MethodNotAllowedMiddleware:
    """An address opened with a method it does not take (a GET to a form's POST-only address, from a bookmark or a
    reload) answers 405 with the Allow header, as RFC 9110 s. 15.5.6 says: a page that says what happened and where
    to go on, instead of Django's blank one; the API (/api/...) answers in its JSON error shape. Listed last, it sees
    the view's answer first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = [method.strip() for method in response.get("Allow", "").split(",") if method.strip()]
        if request.path.startswith("/api/"):
            answer: HttpResponseBase = JsonResponse(
                {"error": {"code": 405, "message": f"This address takes only {', '.join(allowed)}."}}, status=405
            )
            answer["Allow"] = ", ".join(allowed)
            return answer
        return method_not_allowed(request, allowed=allowed)
