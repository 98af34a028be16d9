"""Writes of the consultation stage. Every write locks the case, checks the role and the rules, and is audited.

This module holds the consultation itself and its dates; neighbours, consultees, notices and comments have their
own sections below (or their own modules, which call `publicity_event_add`).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.applications.lifecycle import CLOSED
from bops.applications.models import PlanningApplication, Status
from bops.applications.services import planning_application_lock
from bops.consultation import rules
from bops.consultation.models import Consultation, PublicityEvent
from bops.core import dates
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import Council

OFFICER_ROLES = (Role.ASSESSOR, Role.REVIEWER)


def lock_application(*, council: Council, application_id: int) -> PlanningApplication:
    application = planning_application_lock(council=council, application_id=application_id)
    return application


def consultation_open_for_work(application: PlanningApplication) -> None:
    """Refuse publicity on a case that is not consulted on, not yet valid, or finished."""
    if not rules.needs_consultation(application.application_type.spec):
        raise DomainError(f"{application.application_type.description} applications are not consulted on.")
    if application.status in CLOSED:
        raise DomainError(f"This case is {Status(application.status).label.lower()}: its consultation is over.")
    if application.status in (Status.PENDING, Status.NOT_STARTED, Status.INVALIDATED):
        raise DomainError("Validate the application before consulting on it.")


def consultation_ensure(application: PlanningApplication) -> Consultation:
    """The case's consultation, made on first use (the caller holds the case's lock)."""
    consultation, _ = Consultation.objects.get_or_create(council=application.council, application=application)
    return consultation


def _explain(event: PublicityEvent) -> str:
    if event.kind == PublicityEvent.Kind.EXTENSION:
        return f"Extended by the officer to {event.period_days} days from {dates.format_date(event.on)}: {event.reason}"
    rule = "EIA Regulations 2017" if event.period_days == rules.EIA_DAYS else "DMPO 2015 art. 15 and 33"
    holidays = "" if event.period_days == rules.EIA_DAYS else ", public holidays not counted (SI 2018/119)"
    return (
        f"{event.period_days} days beginning with {dates.format_date(event.on)}: "
        f"{event.get_kind_display().lower()}{holidays} ({rule})"
    )


def consultation_refresh(consultation: Consultation) -> Consultation:
    """The end date is the latest end of any publicity event; the start the earliest event. Saves."""
    events = list(consultation.events.all())
    if not events:
        consultation.start_date = consultation.end_date = None
        consultation.end_date_reason = ""
    else:
        governing = max(events, key=lambda e: (e.ends_on, e.id))
        consultation.start_date = min(e.on for e in events)
        consultation.end_date = governing.ends_on
        consultation.end_date_reason = _explain(governing)[:300]
    consultation.save(update_fields=["start_date", "end_date", "end_date_reason", "updated_at"])
    return consultation


def publicity_event_add(
    application: PlanningApplication,
    *,
    kind: str,
    on: date,
    user: User | None,
    reason: str = "",
    period_days: int | None = None,
) -> PublicityEvent:
    """Record a publicity event on a locked case and move the end date if it ends later. Audited."""
    consultation = consultation_ensure(application)
    eia = bool(application.eia_required)
    days = period_days or rules.period_for(kind, eia=eia)
    skip = rules.holidays_disregarded(kind, eia=eia and kind != PublicityEvent.Kind.CONSULTEES)
    ends_on = rules.period_end(start=on, period_days=days, skip_holidays=skip)
    event = PublicityEvent.objects.create(
        consultation=consultation,
        kind=kind,
        on=on,
        period_days=days,
        ends_on=ends_on,
        reason=reason,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    before = consultation.end_date
    consultation_refresh(consultation)
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="consultation_event",
        comment=reason,
        data={
            "kind": kind,
            "on": on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "end_date_before": before.isoformat() if before else None,
            "end_date": consultation.end_date.isoformat() if consultation.end_date else None,
        },
    )
    return event


@transaction.atomic
def consultation_extend(*, council: Council, application_id: int, user: User, days: int, reason: str) -> Consultation:
    """The officer keeps the consultation open for `days` more days from today (for example after amended plans)."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    if not 1 <= days <= rules.MAX_EXTENSION_DAYS:
        raise DomainError(f"Extend by 1 to {rules.MAX_EXTENSION_DAYS} days.", field="days")
    if not reason.strip():
        raise DomainError("Say why the consultation is extended.", field="reason")
    publicity_event_add(
        application,
        kind=PublicityEvent.Kind.EXTENSION,
        on=timezone.localdate(),
        user=user,
        reason=reason.strip(),
        period_days=days,
    )
    return application.consultation


def consultation_is_open(application: PlanningApplication, *, today: date) -> bool:
    consultation = getattr(application, "consultation", None)
    return bool(consultation and consultation.end_date and consultation.end_date >= today)
