"""Signed links to a consultee's pages.

BOPS's consultee portal takes a response after decoding the link's payload without checking its signature or
its age (bops-domain.md §4.3). Here a link is signed (Django's signing, keyed by SECRET_KEY, with its own salt)
over the council, the case and the case's consultee, carries the time it was made, and works for
CONSULTEE_LINK_DAYS. It is read, signature and age both checked, on every request: the page, each document,
and again when the response is posted. An expired link can still be read, so that its page can offer a new one.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "bops.consultation.consultee-link"


class LinkError(Exception):
    """The link is not one this service made for this council (forged, altered or foreign)."""


@dataclass(frozen=True)
class ConsulteeLink:
    application_id: int
    case_consultee_id: int
    expired: bool


def consultee_token(*, council_id: int, application_id: int, case_consultee_id: int) -> str:
    return signing.dumps({"c": council_id, "a": application_id, "k": case_consultee_id}, salt=SALT, compress=True)


def consultee_link_read(token: str, *, council_id: int) -> ConsulteeLink:
    """What a token opens in this council; LinkError if it is forged, altered or belongs to another council."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.CONSULTEE_LINK_DAYS))
        expired = False
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=SALT)
        expired = True
    except signing.BadSignature as error:
        raise LinkError("This link is not valid.") from error
    if (
        not isinstance(payload, dict)
        or payload.get("c") != council_id
        or not isinstance(payload.get("a"), int)
        or not isinstance(payload.get("k"), int)
    ):
        raise LinkError("This link is not valid.")
    return ConsulteeLink(application_id=payload["a"], case_consultee_id=payload["k"], expired=expired)
