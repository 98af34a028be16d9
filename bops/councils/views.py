from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bops.councils.selectors import council_list, service_url


def home(request: HttpRequest) -> HttpResponse:
    """The bare service domain lists the councils."""
    councils = [(council.name, service_url(request, council.subdomain)) for council in council_list()]
    return render(request, "councils/index.html", {"title": "Choose your council", "councils": councils})
