import contextlib
import json
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404

from bops.councils.models import Council
from bops.submissions.models import Submission, SubmittedDetails

PAGE_SIZE = 25


def submission_list(*, council: Council, state: str = "", page: int = 1) -> Page:
    submissions = Submission.objects.filter(council=council).select_related("application", "api_key", "council")
    if state:
        submissions = submissions.filter(state=state)
    return Paginator(submissions.order_by("-received_at"), PAGE_SIZE).get_page(page)


def submission_get(*, council: Council, submission_id: Any) -> Submission:
    submission = (
        Submission.objects.select_related("application", "api_key", "duplicate_of")
        .filter(council=council, pk=submission_id)
        .first()
    )
    if submission is None:
        raise Http404("There is no such submission in your council.")
    return submission


def pretty_body(submission: Submission, *, limit: int = 400_000) -> str:
    """The body as sent, indented when it is JSON; cut at `limit` characters for the page."""
    text = submission.body_text
    with contextlib.suppress(ValueError):
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "\n… (cut here; the whole body is kept)"


def submitted_details_for(*, application: Any) -> Any:
    """What the submitter told us beyond the case's own fields (None for a case added without them)."""
    return SubmittedDetails.objects.filter(application=application).first()
