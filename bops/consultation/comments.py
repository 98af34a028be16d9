"""Writes for public comments and consultee responses: comments from the register's form, comments officers
record from paper, and the redaction that publishes both.

A response is kept exactly as it was sent. An officer writes the redacted text (personal details taken out), and
only that text is ever shown publicly; the redaction is recorded and audited. Audit entries never carry the
sender's name, address or email.
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bops.accounts.models import User
from bops.accounts.permissions import check_role
from bops.applications.models import PlanningApplication, Status
from bops.consultation.models import TOPICS, ConsulteeResponse, PublicComment, Redactable, Stance
from bops.consultation.services import OFFICER_ROLES, lock_application
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import Council

MAX_TEXT = 10_000
MAX_PER_CASE_PER_HOUR = 5
MAX_PER_DAY = 20

# Comments are taken while a validated case is being decided (BOPS closes the form once a decision exists).
COMMENTS_OPEN = (Status.IN_ASSESSMENT, Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE, Status.TO_BE_REVIEWED)
NOT_YET_VALID = (Status.PENDING, Status.NOT_STARTED, Status.INVALIDATED)


@dataclass(frozen=True)
class NewComment:
    name: str
    address: str
    stance: str
    text: str
    email: str = ""
    topics: list[str] = field(default_factory=list)


def client_key_for(remote_address: str) -> str:
    """A keyed hash of the sender's network address: enough to count their comments, not enough to recover it."""
    return hmac.new(settings.SECRET_KEY.encode(), remote_address.encode(), hashlib.sha256).hexdigest()


def comments_are_open(application: PlanningApplication) -> bool:
    """Every case the council has validated is on the register (DMPO 2015 art. 40) and takes comments until it is
    decided."""
    return application.status in COMMENTS_OPEN and application.determined_at is None


def _clean(comment: NewComment) -> NewComment:
    """The same rules as the forms, for callers that are not forms (the API, scripts)."""
    name, address, text = comment.name.strip(), comment.address.strip(), comment.text.strip()
    if not name:
        raise DomainError("Enter your name.", field="name")
    if not address:
        raise DomainError("Enter your address.", field="address")
    if comment.stance not in Stance.values:
        raise DomainError("Say whether you support, object or are neutral.", field="stance")
    if not set(comment.topics) <= set(TOPICS):
        raise DomainError("Choose topics from the list.", field="topics")
    if not text:
        raise DomainError("Enter your comment.", field="text")
    if len(text) > MAX_TEXT:
        raise DomainError(f"Your comment must be {MAX_TEXT:,} characters or fewer.", field="text")
    return NewComment(
        name=name,
        address=address,
        stance=comment.stance,
        text=text,
        email=comment.email.strip(),
        topics=[topic for topic in TOPICS if topic in comment.topics],
    )


def _check_rate(*, council: Council, application: PlanningApplication, client_key: str) -> None:
    now = timezone.now()
    recent = PublicComment.objects.filter(client_key=client_key, source=PublicComment.Source.ONLINE)
    on_case = recent.filter(council=council, application=application, received_at__gte=now - timedelta(hours=1))
    if on_case.count() >= MAX_PER_CASE_PER_HOUR:
        raise DomainError(
            f"You have sent too many comments on this application: at most {MAX_PER_CASE_PER_HOUR} an hour. "
            "Try again later.",
            code="rate_limited",
        )
    if recent.filter(received_at__gte=now - timedelta(days=1)).count() >= MAX_PER_DAY:
        raise DomainError(
            f"You have sent too many comments today: at most {MAX_PER_DAY} a day. Try again tomorrow.",
            code="rate_limited",
        )


def _audit_data(item: PublicComment) -> dict:
    return {"comment": item.pk, "stance": item.stance, "topics": item.topics, "source": item.source}


def _same_comment_since(application: PlanningApplication, comment: NewComment, since: datetime) -> PublicComment | None:
    return (
        PublicComment.objects.filter(
            council=application.council_id,
            application=application,
            name=comment.name,
            address=comment.address,
            text=comment.text,
            received_at__gte=since,
        )
        .order_by("id")
        .first()
    )


@transaction.atomic
def public_comment_submit(
    *,
    council: Council,
    application_id: int,
    comment: NewComment,
    client_key: str,
    replay_window: timedelta | None = None,
) -> PublicComment:
    """A comment from the register's form or a register's API. Refused when the case takes no comments or the
    sender has sent too many (code "rate_limited"); nothing is stored then. With `replay_window`, the same comment
    (name, address and text) sent again within it is a retry: the first one is returned and nothing is stored,
    decided under the case's lock so two retries at once cannot both be stored."""
    application = lock_application(council=council, application_id=application_id)
    if not comments_are_open(application):
        raise DomainError("Comments are closed on this application.", code="closed")
    clean = _clean(comment)
    if replay_window is not None:
        earlier = _same_comment_since(application, clean, timezone.now() - replay_window)
        if earlier is not None:
            return earlier
    _check_rate(council=council, application=application, client_key=client_key)
    item = PublicComment.objects.create(
        council=council,
        application=application,
        name=clean.name,
        address=clean.address,
        email=clean.email,
        stance=clean.stance,
        topics=clean.topics,
        text=clean.text,
        received_at=timezone.now(),
        source=PublicComment.Source.ONLINE,
        client_key=client_key,
    )
    audit_record(council=council, application=application, event="public_comment_received", data=_audit_data(item))
    return item


@transaction.atomic
def public_comment_record(
    *, council: Council, application_id: int, user: User, comment: NewComment, received_on: date | None
) -> PublicComment:
    """A comment that came on paper or by email, typed in by an officer."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    if application.status in NOT_YET_VALID:
        raise DomainError("Validate the application before recording comments on it.")
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise DomainError("The date received cannot be in the future.", field="received_on")
    clean = _clean(comment)
    received_at = timezone.now() if received_on == today else timezone.make_aware(datetime.combine(received_on, time()))
    item = PublicComment.objects.create(
        council=council,
        application=application,
        name=clean.name,
        address=clean.address,
        email=clean.email,
        stance=clean.stance,
        topics=clean.topics,
        text=clean.text,
        received_at=received_at,
        source=PublicComment.Source.OFFICER,
        recorded_by=user,
    )
    audit_record(
        council=council, user=user, application=application, event="public_comment_recorded", data=_audit_data(item)
    )
    return item


def _redact(item: Redactable, *, user: User, redacted_text: str) -> bool:
    """Store the officer's redaction; True when it replaces an earlier one."""
    text = redacted_text.strip()
    if not text:
        raise DomainError("Enter the text to publish.", field="redacted_text")
    if len(text) > max(MAX_TEXT, len(item.text)):
        raise DomainError(f"The text to publish must be {MAX_TEXT:,} characters or fewer.", field="redacted_text")
    again = item.is_published
    item.redacted_text = text
    item.redacted_by = user
    item.redacted_at = timezone.now()
    item.save(update_fields=["redacted_text", "redacted_by", "redacted_at"])
    return again


@transaction.atomic
def public_comment_redact(
    *, council: Council, application_id: int, comment_id: int, user: User, redacted_text: str
) -> PublicComment:
    """Publish a comment as the officer redacted it; the original stays as it was sent."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    item = PublicComment.objects.filter(council=council, application=application, pk=comment_id).first()
    if item is None:
        raise DomainError("There is no such comment on this case.", code="not_found")
    again = _redact(item, user=user, redacted_text=redacted_text)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="public_comment_redacted",
        data={"comment": item.pk, "again": again},
    )
    return item


@transaction.atomic
def consultee_response_redact(
    *, council: Council, application_id: int, response_id: int, user: User, redacted_text: str
) -> ConsulteeResponse:
    """Publish a consultee's response as the officer redacted it; the original stays as it was sent."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    item = ConsulteeResponse.objects.filter(
        council=council, case_consultee__consultation__application=application, pk=response_id
    ).first()
    if item is None:
        raise DomainError("There is no such consultee response on this case.", code="not_found")
    again = _redact(item, user=user, redacted_text=redacted_text)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="consultee_response_redacted",
        data={"response": item.pk, "again": again},
    )
    return item
