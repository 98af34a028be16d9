"""Placeholder: the public register page is being written."""

from django.http import Http404, HttpRequest, HttpResponse


def application(request: HttpRequest, reference: str) -> HttpResponse:
    raise Http404("Not yet")
