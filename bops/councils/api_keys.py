"""API keys: made, checked and revoked here.

The format is BOPS's, so keys can move between the systems: `bops_`, 36 letters and digits, then a 6-character
CRC32 checksum of those 36 (URL-safe base64, unpadded), 47 characters in all. The checksum lets a mistyped
key be refused without a database lookup; the key itself is high-entropy, so one SHA-256 is enough to store it.
"""

import base64
import hashlib
import secrets
import string
import zlib
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from bops.accounts.models import Role
from bops.accounts.permissions import check_role
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import ApiKey, Council, Scope

PREFIX = "bops_"
_ALPHABET = string.ascii_letters + string.digits
# last_used_at is written at most this often, so a busy integration does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _checksum(body: str) -> str:
    crc = zlib.crc32(body.encode()).to_bytes(4, "big")
    return base64.urlsafe_b64encode(crc).decode().rstrip("=")[:6].ljust(6, "A")


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def well_formed(raw: str) -> bool:
    if len(raw) != len(PREFIX) + 42 or not raw.startswith(PREFIX):
        return False
    body, checksum = raw[len(PREFIX) : len(PREFIX) + 36], raw[len(PREFIX) + 36 :]
    return all(c in _ALPHABET for c in body) and secrets.compare_digest(_checksum(body), checksum)


@transaction.atomic
def api_key_create(*, council: Council, user: Any, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """A new key and its secret, which is returned this once and never stored."""
    if user is not None:
        check_role(user, Role.ADMINISTRATOR)
    name = name.strip()
    if not name:
        raise DomainError("Enter a name for the key, such as the system that will use it.", field="name")
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise DomainError("Choose what the key may do.", field="scopes")
    body = "".join(secrets.choice(_ALPHABET) for _ in range(36))
    raw = f"{PREFIX}{body}{_checksum(body)}"
    key = ApiKey.objects.create(
        council=council,
        name=name,
        prefix=raw[:12],
        hashed_key=_hash(raw),
        scopes=sorted(set(scopes)),
        created_by=user,
    )
    audit_record(council=council, user=user, event="api_key_created", data={"name": name, "scopes": key.scopes})
    return key, raw


@transaction.atomic
def api_key_revoke(*, council: Council, user: Any, key_id: int) -> ApiKey:
    check_role(user, Role.ADMINISTRATOR)
    key = ApiKey.objects.select_for_update().filter(council=council, pk=key_id).first()
    if key is None:
        raise DomainError("There is no such key in your council.")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
        audit_record(council=council, user=user, event="api_key_revoked", data={"name": key.name})
    return key


def api_key_authenticate(*, council: Council, raw: str) -> ApiKey | None:
    """The active key of this council matching `raw`, or None (another council's key counts as no key)."""
    if not well_formed(raw):
        return None
    key = ApiKey.objects.filter(hashed_key=_hash(raw), council=council, revoked_at__isnull=True).first()
    if key is None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
