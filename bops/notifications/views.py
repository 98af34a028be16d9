from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bops.accounts.models import Role
from bops.accounts.permissions import role_required
from bops.notifications.models import OutboxMessage
from bops.notifications.selectors import OutboxQuery, outbox_page, outbox_query


def _pagination(page: Page, query: OutboxQuery) -> dict[str, Any] | None:
    """GOV.UK pagination: the first and last pages, two either side of this one, ellipses between."""
    count = page.paginator.num_pages
    if count <= 1:
        return None

    def href(number: int) -> str:
        params = {"reference": query.reference, "kind": query.channel, "page": number if number > 1 else ""}
        return "?" + urlencode({key: value for key, value in params.items() if value})

    current = page.number
    shown = sorted({1, count, *range(max(1, current - 2), min(count, current + 2) + 1)})
    items: list[dict[str, Any]] = []
    for index, number in enumerate(shown):
        if index and number - shown[index - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == current})
    return {
        "previous": {"href": href(current - 1)} if page.has_previous() else None,
        "next": {"href": href(current + 1)} if page.has_next() else None,
        "items": items,
        "landmarkLabel": "Pages of messages",
    }


@role_required(Role.ADMINISTRATOR)
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    query = outbox_query(request.GET)
    page = outbox_page(council=request.council, query=query)  # type: ignore[attr-defined]
    context = {
        "title": "Outbox" if page.number == 1 else f"Outbox (page {page.number} of {page.paginator.num_pages})",
        "active_nav": "outbox",
        "query": query,
        "page": page,
        "pagination": _pagination(page, query),
        "kinds": OutboxMessage.Channel.choices,
    }
    return render(request, "notifications/outbox.html", context)
