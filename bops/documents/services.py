from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.documents.models import Document
from bops.documents.sniffing import FileCheckError, check_claim


@dataclass(frozen=True)
class Upload:
    """A file someone sent through a form or the API, before it is checked."""

    name: str
    content: bytes
    declared_type: str | None = None


def size_in_words(size: int) -> str:
    """30 MB, 200 KB or 100 bytes: a size limit as people read it."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:,.0f} {unit}" if size % scale == 0 else f"{size / scale:,.1f} {unit}"
    return f"{size} bytes"


def upload_check(upload: Upload, *, field: str) -> str:
    """The file's checked content type; a DomainError (on `field`) if it is empty, too big or not what its name
    says."""
    if not upload.content:
        raise DomainError(f"{upload.name} is empty.", field=field)
    if len(upload.content) > settings.DOCUMENT_MAX_BYTES:
        raise DomainError(f"{upload.name} is larger than {size_in_words(settings.DOCUMENT_MAX_BYTES)}.", field=field)
    try:
        return check_claim(filename=upload.name, declared_type=upload.declared_type, content=upload.content)
    except FileCheckError as error:
        raise DomainError(str(error), field=field) from error


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
    drawing_numbers: list[str] | None = None,
    replaces: Document | None = None,
) -> Document:
    document = Document(
        council=application.council,
        application=application,
        name=name,
        content_type=content_type,
        size=len(content),
        tags=tags,
        received_at=received_at or timezone.now(),
        drawing_numbers=drawing_numbers or [],
        replaces=replaces,
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
