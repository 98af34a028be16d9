from typing import Any

from django.http import Http404

from bops.documents.models import Document


def documents_for(*, application: Any) -> list[Document]:
    return list(Document.objects.filter(application=application, council=application.council))


def document_get(*, council: Any, application: Any, document_id: int) -> Document:
    document = Document.objects.filter(council=council, application=application, pk=document_id).first()
    if document is None:
        raise Http404("There is no such document on this case.")
    return document
