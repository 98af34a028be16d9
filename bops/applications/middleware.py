"""A case page asked for by another spelling of the case's reference goes to the case's own address."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from bops.applications.selectors import CaseElsewhere


class CaseAddressMiddleware:
    """Turns CaseElsewhere (raised by `selectors.planning_application_get`, the one resolver of the case pages)
    into a redirect to the same page of the case under its reference as stored, query string kept.

    A GET (or HEAD) is a 302, as for any moved page; anything else a 307, so a form posted to the printed address
    is posted again, not dropped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = request.resolver_match
        if not isinstance(exception, CaseElsewhere) or match is None or "reference" not in match.kwargs:
            return None
        try:
            path = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "reference": exception.reference})
        except NoReverseMatch:
            return None  # the plain 404 of CaseElsewhere
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponseRedirect(f"{path}?{query}" if query else path)
        if request.method not in ("GET", "HEAD"):
            response.status_code = 307
        return response
