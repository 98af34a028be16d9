from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bops.councils.selectors import council_list


def home(request: HttpRequest) -> HttpResponse:
    """The bare service domain lists the councils."""
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    return render(
        request,
        "councils/index.html",
        {
            "title": "Choose your council",
            "councils": council_list(),
            "scheme": request.scheme,
            "domain": settings.BOPS_DOMAIN,
            "port": port,
        },
    )
