"""The one audit call. Every service that changes a case or a council's settings records through here."""

from typing import Any

from django.utils import timezone

from bops.core.models import AuditEntry

SYSTEM = "System"


def audit_record(
    *,
    council: Any,
    event: str,
    user: Any = None,
    application: Any = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        council=council,
        application=application,
        actor=user if user is not None and user.is_authenticated else None,
        actor_label=user.name if user is not None and user.is_authenticated else SYSTEM,
        event=event,
        comment=comment,
        data=data or {},
        created_at=timezone.now(),
    )
