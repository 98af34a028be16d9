from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from bops.applications.views import dashboard
from bops.councils.views import home


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "errors/page.html", {"title": title, "message": message}, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "Page not found", "Check the address is typed correctly, or that you copied all of it.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 403, "You cannot do this", "Your role does not allow this. Ask a reviewer or your administrator."
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Something was wrong with the request", "Go back and try again.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "Sorry, there is a problem with the service", "Try again later.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request, 403, "Your form could not be sent", "The page had expired. Go back, reload the page and try again."
    )


handler404 = page_not_found
handler403 = permission_denied
handler400 = bad_request
handler500 = server_error


def root(request: HttpRequest) -> HttpResponse:
    """A council's address opens its case list; the bare service domain lists the councils."""
    if request.council is None:  # type: ignore[attr-defined]
        return home(request)
    return dashboard(request)


class PublicSchemaView(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class PublicDocsView(SpectacularSwaggerView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


urlpatterns = [
    path("", root),
    path("", include("bops.core.urls")),
    path("api/v2/", include("bops.submissions.api_urls")),
    path("", include("bops.register.api_urls")),
    path("api/schema", PublicSchemaView.as_view(), name="api-schema"),
    path("api/docs", PublicDocsView.as_view(url_name="api-schema"), name="api-docs"),
    # Before the case pages: /applications/<ref>/validation would otherwise read as a closing event.
    path("", include("bops.validation.urls")),
    path("", include("bops.consultation.urls")),
    path("", include("bops.register.urls")),
    path("", include(("bops.assessment.urls", "assessment"))),
    path("", include(("bops.decisions.urls", "decisions"))),
    path("", include("bops.applications.urls")),
    path("", include("bops.accounts.urls")),
    path("", include("bops.notifications.urls")),
    path("", include("bops.councils.urls")),
    path("", include("bops.submissions.urls")),
    path("", include("bops.maps.urls")),
]
