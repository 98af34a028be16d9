"""Reads for the consultation stage."""

from dataclasses import dataclass
from datetime import date

from bops.applications.models import PlanningApplication
from bops.consultation.models import Consultation, PublicityEvent


@dataclass(frozen=True)
class ConsultationView:
    consultation: Consultation | None
    events: list[PublicityEvent]
    is_open: bool
    days_left: int | None


def consultation_view(*, application: PlanningApplication, today: date) -> ConsultationView:
    consultation = Consultation.objects.filter(council=application.council, application=application).first()
    events = list(consultation.events.select_related("created_by")) if consultation else []
    end = consultation.end_date if consultation else None
    return ConsultationView(
        consultation=consultation,
        events=events,
        is_open=bool(end and end >= today),
        days_left=(end - today).days + 1 if end and end >= today else None,
    )
