"""Reads for the public register: what anyone may see of a council's applications.

A case is on the register once it is validated and the officer chose to publish it; of it, only the documents
marked publishable, and only the comments and consultee responses an officer has redacted, in their redacted form.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from bops.applications.models import PlanningApplication, Status
from bops.consultation.comments import NOT_YET_VALID, comments_are_open
from bops.consultation.models import Consultation, ConsulteeResponse, PublicComment
from bops.consultation.selectors_comments import consultee_responses_for, public_comments_for
from bops.councils.models import Council
from bops.councils.selectors import council_url
from bops.documents.models import Document


def register_url(application: PlanningApplication) -> str:
    """The case's page on the public register, as a full address (for letters, notices and QR codes)."""
    return council_url(application.council, f"/planning-applications/{application.reference}")


def register_application_get(*, council: Council | None, reference: str) -> PlanningApplication:
    """A published case of this council; a 404 for anything else, including cases not (yet) published."""
    application = (
        PlanningApplication.objects.select_related("application_type", "council")
        .filter(council=council, reference=reference, publish_on_register=True)
        .exclude(status__in=NOT_YET_VALID)
        .first()
        if council is not None
        else None
    )
    if application is None:
        raise Http404("There is no published application with this reference.")
    return application


def _published_documents(application: PlanningApplication) -> QuerySet[Document]:
    return Document.objects.filter(
        council=application.council_id, application=application, publishable=True, archived_at__isnull=True
    )


def register_document_get(*, application: PlanningApplication, document_id: int) -> Document:
    document = _published_documents(application).filter(pk=document_id).first()
    if document is None:
        raise Http404("There is no such published document on this application.")
    return document


@dataclass(frozen=True)
class RegisterPage:
    application: PlanningApplication
    status_label: str
    consultation_end: date | None
    documents: list[Document]
    comments: list[PublicComment]
    consultee_responses: list[ConsulteeResponse]
    comments_open: bool


def register_page(*, application: PlanningApplication) -> RegisterPage:
    consultation = Consultation.objects.filter(council=application.council_id, application=application).first()
    return RegisterPage(
        application=application,
        status_label=Status(application.status).label,
        consultation_end=consultation.end_date if consultation else None,
        documents=list(_published_documents(application)),
        comments=list(public_comments_for(application=application, published_only=True)),
        consultee_responses=list(consultee_responses_for(application=application, published_only=True)),
        comments_open=comments_are_open(application),
    )
