"""Reads for the public register that other contexts use too: a case's address on the register, and its published
documents.

Which cases are on the register is `search.register_applications` (DMPO 2015 art. 40: every case received, except
one still arriving); of a case, only the documents an officer marked publishable (and not archived) are shown.
"""

from django.db.models import QuerySet

from bops.applications.models import PlanningApplication
from bops.councils.selectors import council_url
from bops.documents.models import Document


def register_url(application: PlanningApplication) -> str:
    """The case's page on the public register, as a full address (for letters, notices and QR codes)."""
    return council_url(application.council, f"/planning-applications/{application.reference}")


def register_documents(*, application: PlanningApplication) -> QuerySet[Document]:
    """The case's published documents, newest first."""
    return Document.objects.filter(
        council=application.council_id, application=application, publishable=True, archived_at__isnull=True
    ).order_by("-received_at", "-id")


def register_document_get(*, application: PlanningApplication, document_id: int) -> Document | None:
    return register_documents(application=application).filter(pk=document_id).first()
