from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from bops.accounts.models import User


class CouncilEmailBackend(BaseBackend):
    """Email and password, checked only against the users of the council whose subdomain was used."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, email: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        council = getattr(request, "council", None)
        if council is None or not email or not password:
            return None
        user = User.objects.filter(council=council, email=email.strip().lower(), is_active=True).first()
        if user is None:
            User().set_password(password)  # spend the same time as a real check, so no one can probe emails
            return None
        return user if user.check_password(password) else None

    def get_user(self, user_id: int) -> User | None:
        return User.objects.select_related("council").filter(pk=user_id, is_active=True).first()
