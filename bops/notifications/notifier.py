"""The Notifier interface: every email, letter and text message goes through `get_notifier()`.

Every message is recorded as an `OutboxMessage` with its full text, whichever adapter sends it:
- `OutboxNotifier` (development, tests): the record is all there is; administrators read it at /admin/outbox.
- `NotifyNotifier` (production): sends through GOV.UK Notify with one generic email template whose
  personalisation carries the subject and body (as BOPS does), and records Notify's id, or the failure.
"""

import logging
from typing import Any, Protocol

from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from bops.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)


class Notifier(Protocol):
    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None: ...


class OutboxNotifier:
    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None:
        OutboxMessage.objects.create(council=council, application=application, to=to, subject=subject, body=body)


class NotifyNotifier:
    """GOV.UK Notify. A failure is recorded on the message, never raised into the work that sent it."""

    def __init__(self, *, api_key: str, email_template_id: str, base_url: str, reply_to_id: str = "") -> None:
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=10)
        self.email_template_id = email_template_id
        self.reply_to_id = reply_to_id or None

    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None:
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
