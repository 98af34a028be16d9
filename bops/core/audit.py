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
    "message_sent": "Message sent",
    "validation_request_created": "Validation request made",
    "validation_request_sent": "Validation request sent",
    "validation_request_cancelled": "Validation request cancelled",
    "validation_request_answered": "Applicant answered a request",
    "validation_request_auto_accepted": "Request accepted automatically",
    "validation_check_completed": "Validation check completed",
    "validation_checks_confirmed": "Validation checks confirmed",
    "documents_reviewed": "Documents reviewed",
    "documents_checked": "Required documents checked",
    "boundary_drawn": "Red line boundary drawn",
    "constraint_added": "Constraint added",
    "constraint_removed": "Constraint removed",
    "reporting_set": "Reporting details saved",
    "cil_set": "CIL liability saved",
    "eia_set": "EIA decision saved",
    "section_accepted": "Report section accepted",
    "section_edited": "Report section edited and accepted",
    "section_returned": "Report section returned to the officer",
    "recommendation_agreed": "Recommendation agreed",
    "committee_decision": "Committee decision recorded",
    "decision_notice_issued": "Decision notice issued",
    "appeal_lodged": "Appeal lodged",
    "appeal_updated": "Appeal updated",
    "appeal_decision": "Appeal decided",
}


def event_label(event: str) -> str:
    """How the history names an event; unknown events read as their words."""
    return EVENT_LABELS.get(event) or event.replace("_", " ").capitalize()
