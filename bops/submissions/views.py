from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from bops.accounts.models import Role
from bops.accounts.permissions import role_required
from bops.core.errors import DomainError
from bops.core.views import render_page
from bops.submissions.models import Submission
from bops.submissions.selectors import pretty_body, submission_get, submission_list
from bops.submissions.services import submission_retry


@role_required(Role.ADMINISTRATOR)
@require_GET
def submissions(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in Submission.State.values:
        state = ""
    try:
        page_number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page_number = 1
    page = submission_list(council=request.council, state=state, page=page_number)  # type: ignore[attr-defined]
    context = {
        "title": "Submissions",
        "page": page,
        "state": state,
        "states": Submission.State,
        "active_nav": "submissions",
    }
    return render_page(request, "submissions/list.html", context)


@role_required(Role.ADMINISTRATOR)
@require_GET
def submission(request: HttpRequest, submission_id: str) -> HttpResponse:
    found = submission_get(council=request.council, submission_id=submission_id)  # type: ignore[attr-defined]
    context = {
        "title": f"Submission received {found.received_at:%d %b %Y %H:%M}",
        "submission": found,
        "body": pretty_body(found),
        "active_nav": "submissions",
        "header_rows": [{"key": {"text": k}, "value": {"text": v}} for k, v in found.headers.items()],
    }
    return render_page(request, "submissions/detail.html", context)


@role_required(Role.ADMINISTRATOR)
@require_POST
def retry(request: HttpRequest, submission_id: str) -> HttpResponse:
    found = submission_get(council=request.council, submission_id=submission_id)  # type: ignore[attr-defined]
    try:
        submission_retry(council=request.council, user=request.user, submission_id=found.pk)  # type: ignore[attr-defined]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        found.refresh_from_db()
        outcome = {
            Submission.State.COMPLETED: "The submission has been processed again and the case is made.",
            Submission.State.FAILED: "The submission was processed again and failed: see what went wrong below.",
        }.get(found.state, "The submission is being processed again. Reload this page to see how it went.")
        messages.success(request, outcome)
    return redirect("submissions:detail", submission_id=found.pk)
