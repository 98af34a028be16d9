from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bops.core.audit import audit_record
from bops.documents.models import Document


@transaction.atomic
def document_add(
    *,
    application: Any,
    user: Any,
    name: str,
    content: bytes,
    content_type: str,
    tags: list[str],
    received_at: datetime | None = None,
) -> Document:
    document = Document(
        council=application.council,
        application=application,
        name=name,
        content_type=content_type,
        size=len(content),
        tags=tags,
        received_at=received_at or timezone.now(),
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="document_added",
        data={"name": name, "tags": tags},
    )
    return document
