"""The Notifier interface: every email, letter and text message goes through `get_notifier()`.

Every message is recorded as an `OutboxMessage` with its full text, whichever adapter sends it:
- `OutboxNotifier` (development, tests): the record is all there is; administrators read it at /admin/outbox.
- `NotifyNotifier` (production): sends through GOV.UK Notify with one generic email template whose
  personalisation carries the subject and body (as BOPS does), and records Notify's id, or the failure.
  Letters go as precompiled PDFs (the council's own layout, address in Notify's address window).

A letter's delivery status is read back with `letter_status`, as one of LETTER_SENT, LETTER_PRINTED,
LETTER_POSTED or LETTER_FAILED (the values of `NeighbourLetter.Status`), or None when it is not known yet.
"""

import io
import logging
from typing import Any, Protocol

from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from bops.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)


LETTER_SENT, LETTER_PRINTED, LETTER_POSTED, LETTER_FAILED = "sent", "printed", "posted", "failed"

# GOV.UK Notify's letter statuses (https://docs.notifications.service.gov.uk/python.html#status-letter),
# by what they mean for the person waiting for the letter.
NOTIFY_LETTER_STATUSES = {
    "created": LETTER_SENT,
    "sending": LETTER_SENT,
    "pending-virus-check": LETTER_SENT,
    "accepted": LETTER_PRINTED,
    "received": LETTER_POSTED,
    "delivered": LETTER_POSTED,
    "virus-scan-failed": LETTER_FAILED,
    "validation-failed": LETTER_FAILED,
    "technical-failure": LETTER_FAILED,
    "permanent-failure": LETTER_FAILED,
    "cancelled": LETTER_FAILED,
}


def message_text(body: str) -> str:
    """A message's text as the recipient gets it: each line without the indentation of the code or template it was
    written in (or of text pasted into a council's wording), no run of more than one blank line, no blank ends.

    Every message passes here, whoever wrote it, so no email, letter or text message carries stray leading spaces
    (GOV.UK Notify would show them, and a line indented four spaces can read as a quotation in a mail client)."""
    lines = [line.strip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def message_subject(subject: str) -> str:
    """A subject on one line, with single spaces."""
    return " ".join(subject.split())


class Notifier(Protocol):
    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None: ...

    def send_letter(
        self, *, council: Any, application: Any, address_lines: list[str], subject: str, body: str, pdf: bytes
    ) -> OutboxMessage: ...

    def letter_status(self, provider_id: str) -> str | None: ...


def _letter_record(
    *, council: Any, application: Any, address_lines: list[str], subject: str, body: str, **extra: Any
) -> OutboxMessage:
    return OutboxMessage.objects.create(
        council=council,
        application=application,
        channel=OutboxMessage.Channel.LETTER,
        to="\n".join(address_lines)[:320],
        subject=message_subject(subject)[:300],
        body=message_text(body),
        **extra,
    )


class OutboxNotifier:
    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None:
        OutboxMessage.objects.create(
            council=council,
            application=application,
            to=to,
            subject=message_subject(subject),
            body=message_text(body),
        )

    def send_letter(
        self, *, council: Any, application: Any, address_lines: list[str], subject: str, body: str, pdf: bytes
    ) -> OutboxMessage:
        """Kept as a record only: the PDF is the council's to print (it is not stored twice)."""
        return _letter_record(
            council=council, application=application, address_lines=address_lines, subject=subject, body=body
        )

    def letter_status(self, provider_id: str) -> str | None:
        """Nothing posts an outbox letter: once recorded it counts as handed to the printer."""
        return LETTER_SENT


class NotifyNotifier:
    """GOV.UK Notify. A failure is recorded on the message, never raised into the work that sent it."""

    def __init__(self, *, api_key: str, email_template_id: str, base_url: str, reply_to_id: str = "") -> None:
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=10)
        self.email_template_id = email_template_id
        self.reply_to_id = reply_to_id or None

    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None:
        subject, body = message_subject(subject), message_text(body)
        message = OutboxMessage.objects.create(
            council=council,
            application=application,
            to=to,
            subject=subject,
            body=body,
            provider="notify",
            status="sending",
        )
        try:
            answer = self.client.send_email_notification(
                email_address=to,
                template_id=self.email_template_id,
                personalisation={"subject": subject, "body": body},
                reference=str(message.pk),
                email_reply_to_id=self.reply_to_id,
            )
        except (APIError, OSError) as error:
            logger.warning("GOV.UK Notify refused message %s: %s", message.pk, error)
            message.status, message.failure = "failed", str(error)[:2000]
        else:
            message.status, message.provider_id = "sent", str(answer.get("id", ""))
        message.save(update_fields=["status", "provider_id", "failure"])

    def send_letter(
        self, *, council: Any, application: Any, address_lines: list[str], subject: str, body: str, pdf: bytes
    ) -> OutboxMessage:
        """A precompiled letter: Notify prints and posts the PDF as it is, reading the address from its window."""
        message = _letter_record(
            council=council,
            application=application,
            address_lines=address_lines,
            subject=subject,
            body=body,
            provider="notify",
            status="sending",
        )
        try:
            answer = self.client.send_precompiled_letter_notification(
                reference=str(message.pk), pdf_file=io.BytesIO(pdf)
            )
        except (APIError, OSError) as error:
            logger.warning("GOV.UK Notify refused letter %s: %s", message.pk, error)
            message.status, message.failure = "failed", str(error)[:2000]
        else:
            message.status, message.provider_id = "sent", str(answer.get("id", ""))
        message.save(update_fields=["status", "provider_id", "failure"])
        return message

    def letter_status(self, provider_id: str) -> str | None:
        """Where Notify has got to with a letter; None when Notify cannot say now (tried again next time)."""
        try:
            answer = self.client.get_notification_by_id(provider_id)
        except (APIError, OSError) as error:
            logger.warning("GOV.UK Notify could not give the status of letter %s: %s", provider_id, error)
            return None
        return NOTIFY_LETTER_STATUSES.get(str(answer.get("status", "")))


def get_notifier() -> Notifier:
    if settings.NOTIFIER == "outbox":
        return OutboxNotifier()
    if settings.NOTIFIER == "notify":
        return NotifyNotifier(
            api_key=settings.NOTIFY_API_KEY,
            email_template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
            base_url=settings.NOTIFY_BASE_URL,
            reply_to_id=settings.NOTIFY_REPLY_TO_ID,
        )
    raise ValueError(f"Unknown NOTIFIER {settings.NOTIFIER!r}: use 'outbox' or 'notify'.")
