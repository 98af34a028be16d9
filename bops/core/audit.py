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


EVENT_LABELS = {
    "created": "Application created",
    "accept": "Accepted for validation",
    "validate": "Validated",
    "invalidate": "Invalidated",
    "submit_recommendation": "Recommendation submitted",
    "withdraw_recommendation": "Recommendation withdrawn",
    "send_to_committee": "Sent to committee",
    "challenge": "Recommendation challenged",
    "determine": "Determined",
    "return": "Returned",
    "withdraw": "Withdrawn",
    "close": "Closed",
    "assigned": "Assigned",
    "unassigned": "Unassigned",
    "type_changed": "Application type changed",
    "valid_from_set": "Valid-from date set",
    "document_added": "Document added",
}


def event_label(event: str) -> str:
    """How the history names an event; unknown events read as their words."""
    return EVENT_LABELS.get(event) or event.replace("_", " ").capitalize()
