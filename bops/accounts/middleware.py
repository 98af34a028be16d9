from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse


class CouncilUserMiddleware:
    """A signed-in user only counts as signed in on their own council's subdomain."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        council = getattr(request, "council", None)
        if user.is_authenticated and (council is None or user.council_id != council.id):  # type: ignore[union-attr]
            logout(request)
        return self.get_response(request)
