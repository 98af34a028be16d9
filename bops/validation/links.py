"""Signed links to the applicant's pages.

BOPS gives every case one random secret that never expires and opens every request (bops-domain.md §3.3).
Here a link is signed (Django's signing, keyed by SECRET_KEY) over the council and the case, carries the time
it was made, and works for APPLICANT_LINK_DAYS. It opens that one case in that one council and nothing else;
an answered or cancelled request cannot be answered again whatever link is used. An expired link can still be
read, so that its page can offer a fresh one, sent only to the addresses on the case.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "bops.validation.applicant-link"


class LinkError(Exception):
    """The link is not one this service made for this council (forged, altered or foreign)."""


@dataclass(frozen=True)
class Link:
    application_id: int
    expired: bool


def link_token(*, council_id: int, application_id: int) -> str:
    return signing.dumps({"c": council_id, "a": application_id}, salt=SALT, compress=True)


def link_read(token: str, *, council_id: int) -> Link:
    """What a token opens in this council; LinkError if it is forged or belongs to another council."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.APPLICANT_LINK_DAYS))
        expired = False
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=SALT)
        expired = True
    except signing.BadSignature as error:
        raise LinkError("This link is not valid.") from error
    if not isinstance(payload, dict) or payload.get("c") != council_id or not isinstance(payload.get("a"), int):
        raise LinkError("This link is not valid.")
    return Link(application_id=payload["a"], expired=expired)
