"""Placeholder: the applicant's pages are being written."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound


def respond(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponseNotFound()


def respond_request(request: HttpRequest, token: str, request_id: int) -> HttpResponse:
    return HttpResponseNotFound()


def new_link(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponseNotFound()
