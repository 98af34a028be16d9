"""Reads for the consultation stage."""

from dataclasses import dataclass
from datetime import date

from bops.applications.models import PlanningApplication
from bops.consultation.models import (
    CaseConsultee,
    Consultation,
    ConsulteeResponse,
    Neighbour,
    NeighbourLetter,
    PressNotice,
    PublicComment,
    PublicityEvent,
    SiteNotice,
)


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


@dataclass(frozen=True)
class ConsultationParts:
    """One line for each part of the consultation on the overview page (a handful of counting queries)."""

    neighbours: int
    letters: int
    consultees: int
    consultees_responded: int
    site_notice: str
    press_notice: str
    comments: int
    to_redact: int


def _notice_state(notice: SiteNotice | PressNotice | None, on: str) -> str:
    if notice is None:
        return "not decided"
    if not notice.required:
        return "not needed"
    when = getattr(notice, on)
    if when is None:
        return "needed, date not recorded yet"
    from bops.core.dates import format_date

    return f"needed, {'put up' if on == 'displayed_on' else 'published'} {format_date(when)}"


def consultation_parts(*, application: PlanningApplication, consultation: Consultation | None) -> ConsultationParts:
    comments = PublicComment.objects.filter(council=application.council, application=application)
    responses = ConsulteeResponse.objects.filter(
        council=application.council, case_consultee__consultation__application=application
    )
    if consultation is None:
        return ConsultationParts(0, 0, 0, 0, "not decided", "not decided", comments.count(), 0)
    return ConsultationParts(
        neighbours=Neighbour.objects.filter(consultation=consultation).count(),
        letters=NeighbourLetter.objects.filter(neighbour__consultation=consultation).count(),
        consultees=CaseConsultee.objects.filter(consultation=consultation).count(),
        consultees_responded=CaseConsultee.objects.filter(
            consultation=consultation, status=CaseConsultee.Status.RESPONDED
        ).count(),
        site_notice=_notice_state(SiteNotice.objects.filter(consultation=consultation).first(), "displayed_on"),
        press_notice=_notice_state(PressNotice.objects.filter(consultation=consultation).first(), "published_on"),
        comments=comments.count(),
        to_redact=comments.filter(redacted_at=None).count() + responses.filter(redacted_at=None).count(),
    )
