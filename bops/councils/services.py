"""A council's own settings, changed by its administrators. (API keys: api_keys.py.)"""

import re
from typing import Any

from django.db import transaction

from bops.accounts.models import Role
from bops.accounts.permissions import check_role
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import Council

# OS Data Hub keys are 32 letters and digits; allow some room, but nothing that could not be a key.
OS_MAPS_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def os_maps_key_problem(key: str) -> str | None:
    """Why `key` cannot be an Ordnance Survey key, in words for the administrator; None when it can."""
    if not key:
        return "Enter the Ordnance Survey API key"
    if any(character.isspace() for character in key):
        return "The key must not contain spaces"
    if len(key) > 64:
        return "The key must be 64 characters or fewer"
    if len(key) < 16:
        return "The key must be at least 16 characters"
    if not OS_MAPS_KEY_PATTERN.match(key):
        return "The key can only contain letters, numbers, hyphens and underscores"
    return None


@transaction.atomic
def council_os_maps_key_set(*, council: Council, user: Any, key: str) -> Council:
    """Set (or replace) the council's Ordnance Survey key; the audit keeps only its last 4 characters."""
    check_role(user, Role.ADMINISTRATOR)
    problem = os_maps_key_problem(key)
    if problem:
        raise DomainError(f"{problem}.", field="key")
    locked = Council.objects.select_for_update().get(pk=council.pk)
    replaced = bool(locked.os_maps_api_key)
    locked.os_maps_api_key = key
    locked.save(update_fields=["os_maps_api_key", "updated_at"])
    audit_record(
        council=locked, user=user, event="ordnance_survey_key_set", data={"ends_with": key[-4:], "replaced": replaced}
    )
    return locked


@transaction.atomic
def council_os_maps_key_clear(*, council: Council, user: Any) -> Council:
    """Remove the council's Ordnance Survey key: maps show no base map from the next page."""
    check_role(user, Role.ADMINISTRATOR)
    locked = Council.objects.select_for_update().get(pk=council.pk)
    if locked.os_maps_api_key:
        ends_with = locked.os_maps_key_hint
        locked.os_maps_api_key = ""
        locked.save(update_fields=["os_maps_api_key", "updated_at"])
        audit_record(council=locked, user=user, event="ordnance_survey_key_removed", data={"ends_with": ends_with})
    return locked
