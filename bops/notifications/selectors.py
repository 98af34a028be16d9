from typing import Any

from django.db.models import QuerySet

from bops.notifications.models import OutboxMessage


def outbox_list(*, council: Any) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(council=council)
