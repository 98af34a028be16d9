"""The Notifier interface: every email, letter and text message goes through `get_notifier()`.

`OutboxNotifier` keeps each message in the database, where development and tests read it (and
administrators see it at /admin/outbox). The GOV.UK Notify adapter arrives with the first message that
must reach a real person (the intake receipt); it will implement the same Protocol.
"""

from typing import Any, Protocol

from django.conf import settings

from bops.notifications.models import OutboxMessage


class Notifier(Protocol):
    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None: ...


class OutboxNotifier:
    def send_email(self, *, council: Any, to: str, subject: str, body: str, application: Any = None) -> None:
        OutboxMessage.objects.create(council=council, application=application, to=to, subject=subject, body=body)


def get_notifier() -> Notifier:
    if settings.NOTIFIER == "outbox":
        return OutboxNotifier()
    raise NotImplementedError(f"Unknown NOTIFIER {settings.NOTIFIER!r}; only 'outbox' is available so far.")
