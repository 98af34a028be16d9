from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from bops.notifications.models import OutboxMessage

PAGE_SIZE = 25


def outbox_list(*, council: Any) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(council=council)


@dataclass(frozen=True)
class OutboxQuery:
    """What the outbox is filtered by: part of a case's reference (with or without the council's code), the kind
    of message (email, letter, text message), and the page."""

    reference: str = ""
    channel: str = ""
    page: int = 1


def outbox_query(params: Any) -> OutboxQuery:
    """The filters from the page's address; anything unknown is ignored (the whole outbox, page 1)."""
    channel = str(params.get("kind", ""))
    try:
        page = max(1, int(params.get("page", 1)))
    except (TypeError, ValueError):
        page = 1
    return OutboxQuery(
        reference=" ".join(str(params.get("reference", "")).split())[:60],
        channel=channel if channel in OutboxMessage.Channel.values else "",
        page=page,
    )


def outbox_page(*, council: Any, query: OutboxQuery) -> Page:
    """One page of the council's messages, newest first, each with its case (two queries whatever the size)."""
    messages = outbox_list(council=council).select_related("application__council")
    if query.channel:
        messages = messages.filter(channel=query.channel)
    reference = query.reference.upper().removeprefix(f"{council.code}-")
    if reference:
        messages = messages.filter(application__reference__icontains=reference)
    return Paginator(messages.order_by("-created_at", "-id"), PAGE_SIZE).get_page(query.page)
