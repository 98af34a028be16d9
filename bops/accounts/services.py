from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.notifications.notifier import get_notifier


def set_password_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:set-password", args=[uid, default_token_generator.make_token(user)])


@transaction.atomic
def user_invite(*, council: Any, by: User, email: str, name: str, role: str, base_url: str) -> User:
    """An administrator invites someone: the account is made without a password and a link to set one is sent."""
    check_role(by, Role.ADMINISTRATOR)
    email = email.strip().lower()
    if role not in Role.values:
        raise DomainError("Choose a role.", field="role")
    if User.objects.filter(email=email).exists():
        raise DomainError("There is already an account with this email address.", field="email")
    user = User.objects.create_user(email=email, name=name.strip(), council=council, role=role)
    link = base_url + set_password_path(user)
    get_notifier().send_email(
        council=council,
        to=email,
        subject=f"You have been invited to {council.name} planning",
        body=(
            f"{by.name} has invited you to the back-office planning system of {council.name} "
            f"as {Role(role).label.lower()}.\n\nSet your password here: {link}\n\n"
            "The link works once and expires in 3 days."
        ),
    )
    audit_record(council=council, user=by, event="user_invited", data={"email": email, "role": role})
    return user


@transaction.atomic
def user_set_active(*, council: Any, by: User, user_id: int, active: bool) -> User:
    check_role(by, Role.ADMINISTRATOR)
    user = User.objects.select_for_update().filter(council=council, pk=user_id).first()
    if user is None:
        raise DomainError("There is no such user in your council.")
    if user.pk == by.pk and not active:
        raise DomainError("You cannot deactivate your own account.")
    user.is_active = active
    user.deactivated_at = None if active else timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    audit_record(
        council=council,
        user=by,
        event="user_reactivated" if active else "user_deactivated",
        data={"email": user.email},
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(council=user.council, user=user, event="password_set")
