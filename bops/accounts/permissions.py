"""The one permission check. Every view names the roles it allows; the check runs on the server."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from bops.accounts.models import Role

OFFICERS = (Role.ASSESSOR, Role.REVIEWER)
EVERYONE = (Role.ASSESSOR, Role.REVIEWER, Role.ADMINISTRATOR)


def check_role(user: Any, *roles: str) -> None:
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied("Your role does not allow this.")


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view for signed-in users of this council with one of `roles`; others are sent to sign in or refused."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request, "council", None) is None:
                raise PermissionDenied("Use your council's address to sign in.")
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
