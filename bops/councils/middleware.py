from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string

from bops.councils.selectors import council_get_by_subdomain, service_url, subdomain_from_host


class CouncilMiddleware:
    """Sets request.council from the subdomain. An unknown subdomain gets a clear 404 page.

    On the bare service domain request.council is None and only the service's own pages answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        subdomain = subdomain_from_host(request.get_host())
        request.council = None  # type: ignore[attr-defined]
        if subdomain is not None:
            council = council_get_by_subdomain(subdomain=subdomain)
            if council is None:
                context = {"subdomain": subdomain, "home": service_url(request)}
                body = render_to_string("councils/unknown.html", context, request=request)
                return HttpResponseNotFound(body)
            request.council = council  # type: ignore[attr-defined]
        return self.get_response(request)
