"""Placeholder: the officer's validation pages are being written."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound


def _nf(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponseNotFound()


tasks = confirm = decision = requests = request_new = request_detail = request_cancel = constraint_remove = task = _nf
