from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bops.accounts.models import Role
from bops.accounts.permissions import role_required
from bops.notifications.selectors import outbox_list


@role_required(Role.ADMINISTRATOR)
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    sent = outbox_list(council=request.council)[:100]  # type: ignore[attr-defined]
    return render(
        request, "notifications/outbox.html", {"title": "Outbox", "messages_sent": sent, "active_nav": "outbox"}
    )
