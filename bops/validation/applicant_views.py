"""The applicant's pages, reached by the signed link in the council's emails (links.py); no sign-in.

The link is the key: it opens one case of the council whose subdomain it is used on, and nothing else. A forged,
altered or foreign link, or one for a case this council no longer has, gets the same "not valid" page; an
expired one offers a new link, sent only to the addresses on the case. The token is in the address, so no
response is cached and no page passes its address on, even to this site.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.applications.boundary import parse_boundary
from bops.applications.lifecycle import CLOSED
from bops.applications.models import PlanningApplication, Status
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.maps.selectors import map_points_for
from bops.validation import selectors, services
from bops.validation.applicant_forms import AnswerForm, accept_attribute
from bops.validation.links import LinkError, link_read
from bops.validation.models import RequestKind, RequestState, ValidationRequest
from bops.validation.rules import RULES, Answer, KindRule

TEMPLATES = "validation/applicant"
THANK_YOU = "Thank you: we have sent your answer to the council"


#: The address (with its token) is never sent as a Referer, to this site or any other: only the origin is. Not
#: "no-referrer": with it, browsers send "Origin: null" on the pages' own form posts (Fetch standard, "append a
#: request Origin header"), and Django's CSRF check refuses every answer.
REFERRER_POLICY = "strict-origin"


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every response of these pages: never stored by a browser or proxy, its address never passed on."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = REFERRER_POLICY
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


# --- What a link opens ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Opened:
    token: str
    application: PlanningApplication
    expired: bool


def _open(request: HttpRequest, token: str) -> _Opened | HttpResponse:
    """The case the link opens in this council, or the "not valid" page."""
    council = request.council  # type: ignore[attr-defined]
    if council is None:
        return _not_valid(request)
    try:
        link = link_read(token, council_id=council.pk)
    except LinkError:
        return _not_valid(request)
    application = selectors.applicant_case_get(council=council, application_id=link.application_id)
    if application is None:
        return _not_valid(request)
    return _Opened(token=token, application=application, expired=link.expired)


def _not_valid(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "This link is not valid",
        "message": "The link may have been copied wrongly or cut short. Open it again from the email we sent you, "
        "copying the whole link, or contact us.",
    }
    return render_page(request, f"{TEMPLATES}/not_found.html", context, status=404)


def _expired(request: HttpRequest, opened: _Opened, *, status: int = 200) -> HttpResponse:
    context = {"title": "This link has expired", "token": opened.token, "days": settings.APPLICANT_LINK_DAYS}
    return render_page(request, f"{TEMPLATES}/expired.html", context, status=status)


def _closed(request: HttpRequest, opened: _Opened, *, refusal: str = "", status: int = 200) -> HttpResponse:
    context = {
        "title": "This application is closed",
        "application": opened.application,
        "status_label": Status(opened.application.status).label,
        "refusal": refusal,
    }
    return render_page(request, f"{TEMPLATES}/closed.html", context, status=status)


# --- Requests in plain words ----------------------------------------------------------------------------------

STATUS_TAGS = {
    RequestState.OPEN: ("To answer", "govuk-tag--blue"),
    RequestState.CLOSED: ("Answered", "govuk-tag--green"),
    RequestState.CANCELLED: ("Cancelled", "govuk-tag--grey"),
}


@dataclass(frozen=True)
class BoundaryShown:
    label: str
    feature: dict[str, Any] | None
    area_m2: float | None


@dataclass(frozen=True)
class RequestShown:
    """One request as the applicant reads it: what is asked, by when, and what became of it."""

    pk: int
    sequence: int
    title: str
    state: str
    status: str
    status_classes: str
    answer: Answer
    asked: list[tuple[str, str]]
    outcome: list[tuple[str, str]]
    boundaries: list[BoundaryShown] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"Request {self.sequence}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state == RequestState.OPEN


def _area(feature: Any) -> float | None:
    if not feature:
        return None
    try:
        return parse_boundary(feature).area_m2
    except DomainError:
        return None


def _area_words(area: float | None) -> str:
    return "No boundary" if area is None else f"{area:,.0f} square metres"


def _iso_date(value: Any) -> str:
    try:
        return format_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return "Not known"


def _before(noun: str, *, live: bool) -> str:
    """What a proposal would replace: the case as it is now while the request is open, else as it was then."""
    return f"Current {noun}" if live else f"{noun[0].upper()}{noun[1:]} when we asked"


def _asked(item: ValidationRequest, rule: KindRule, application: PlanningApplication) -> list[tuple[str, str]]:
    """What the council asks, kind by kind, then why, the suggestion and the date to answer by."""
    live = item.state == RequestState.OPEN
    rows: list[tuple[str, str]] = [("Why we are asking", item.reason)]
    kind = RequestKind(item.kind)
    if kind == RequestKind.ADDITIONAL_DOCUMENT:
        rows.append(("Document we need", item.document_type))
    elif kind == RequestKind.REPLACEMENT_DOCUMENT:
        rows.append(("Document to replace", item.document.name if item.document else "Not known"))
    elif kind == RequestKind.DESCRIPTION_CHANGE:
        before = application.description if live else item.original
        rows += [(_before("description", live=live), before or ""), ("Proposed description", item.proposed or "")]
    elif kind == RequestKind.BOUNDARY_CHANGE:
        before = application.boundary if live else item.original
        rows += [
            (_before("red line boundary", live=live), _area_words(_area(before))),
            ("Proposed red line boundary", _area_words(_area(item.proposed))),
        ]
    elif kind == RequestKind.TIME_EXTENSION:
        before = application.due_date.isoformat() if live else item.original
        rows += [
            (_before("date for our decision", live=live), _iso_date(before)),
            ("Proposed date for our decision", _iso_date(item.proposed)),
        ]
    elif kind in (RequestKind.PRE_COMMENCEMENT_CONDITION, RequestKind.HEADS_OF_TERMS):
        rows.append(("Proposed wording", item.proposed or ""))
    if item.suggestion:
        rows.append(("What we suggest", item.suggestion))
    if item.response_due and live:
        due = format_date(item.response_due)
        rows.append(
            (
                "Answer by",
                f"{due}. If you do not answer by then, we will take it that you agree." if rule.auto_accept else due,
            )
        )
    return rows


def _outcome(item: ValidationRequest, rule: KindRule) -> list[tuple[str, str]]:
    """What became of an answered or cancelled request."""
    if item.state == RequestState.CANCELLED:
        rows = [("Why we cancelled it", item.cancel_reason or "No reason given")]
        if item.cancelled_at:
            rows.append(("Cancelled on", format_date(item.cancelled_at.date())))
        return rows
    if item.state != RequestState.CLOSED:
        return []
    if item.auto_closed:
        due = format_date(item.response_due) if item.response_due else "the date to answer by"
        rows = [("What happened", f"Accepted automatically: we had no answer by {due}, so we took it that you agree.")]
    elif item.answered_through == "officer":
        rows = [("What happened", "We made this change: it did not need your agreement.")]
    elif rule.answer == Answer.AGREE:
        rows = [("Your answer", "You agreed." if item.approved else "You did not agree.")]
        if item.rejection_reason:
            rows.append(("Your reason", item.rejection_reason))
    else:
        rows = [("Your answer", item.response)] if item.response else []
    files = [document.name for document in item.received_documents.all()]
    if files:
        rows.append(("Files you sent", ", ".join(files)))
    if item.closed_at:
        rows.append(("Answered on", format_date(item.closed_at.date())))
    return rows


def _shown(item: ValidationRequest, application: PlanningApplication, *, with_maps: bool = False) -> RequestShown:
    rule = RULES[RequestKind(item.kind)]
    status, classes = STATUS_TAGS.get(RequestState(item.state), ("", ""))
    boundaries = []
    if with_maps and item.kind == RequestKind.BOUNDARY_CHANGE:
        live = item.state == RequestState.OPEN
        before = application.boundary if live else item.original
        boundaries = [
            BoundaryShown(_before("red line boundary", live=live), before, _area(before)),
            BoundaryShown("Proposed red line boundary", item.proposed, _area(item.proposed)),
        ]
    return RequestShown(
        pk=item.pk,
        sequence=item.sequence,
        title=rule.title,
        state=item.state,
        status=status,
        status_classes=classes,
        answer=rule.answer,
        asked=_asked(item, rule, application),
        outcome=_outcome(item, rule),
        boundaries=boundaries,
    )


# --- The pages ------------------------------------------------------------------------------------------------


@_private
@require_GET
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The case and every request sent about it, each with its state."""
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    application = opened.application
    if application.status in CLOSED:
        return _closed(request, opened)
    if opened.expired:
        return _expired(request, opened)
    items = [_shown(r, application) for r in selectors.open_requests_for_applicant(application=application)]
    context = {
        "title": "Requests about your application",
        "application": application,
        "token": token,
        "items": items,
        "to_answer": sum(1 for item in items if item.is_open),
    }
    return render_page(request, f"{TEMPLATES}/requests.html", context)


def _files_label(item: ValidationRequest) -> str:
    if item.kind == RequestKind.REPLACEMENT_DOCUMENT and item.document is not None:
        return f"Upload the new version of {item.document.name}"
    if item.kind == RequestKind.ADDITIONAL_DOCUMENT and item.document_type:
        return f"Upload the document: {item.document_type}"
    return "Upload files"


def _request_page(
    request: HttpRequest,
    opened: _Opened,
    item: ValidationRequest,
    *,
    form: AnswerForm | None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    shown = _shown(item, opened.application, with_maps=True)
    context = {
        "title": shown.heading,
        "application": opened.application,
        "token": opened.token,
        "item": shown,
        "form": form,
        "accept": accept_attribute(),
        "refusal": refusal,
        "map_points": map_points_for(application=opened.application) if shown.boundaries else None,
    }
    return render_page(request, f"{TEMPLATES}/request.html", context, status=status)


def _refusal(council: Any, application: PlanningApplication, request_id: int) -> str:
    """The service's own words for why it takes no answer here. It refuses a closed case, and a request that is
    not open, before it looks at the answer, so an empty answer is enough to hear why."""
    try:
        services.validation_request_answer(
            council=council,
            application_id=application.pk,
            request_id=request_id,
            answer=services.Answered(),
            through="link",
        )
    except DomainError as error:
        return error.message
    return ""


def _no_such_request(request: HttpRequest, opened: _Opened) -> HttpResponse:
    context = {
        "title": "Page not found",
        "message": "There is no such request about your application.",
        "back": reverse("validation:respond", kwargs={"token": opened.token}),
    }
    return render_page(request, f"{TEMPLATES}/not_found.html", context, status=404)


@_private
@require_http_methods(["GET", "POST"])
def respond_request(request: HttpRequest, token: str, request_id: int) -> HttpResponse:
    """One request: the answer form while it is open; otherwise what became of it. An answer to a closed case,
    or to a request already answered or cancelled, changes nothing and gets the service's reason (409)."""
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    council, application = request.council, opened.application  # type: ignore[attr-defined]
    posted = request.method == "POST"
    if application.status in CLOSED:
        if posted:
            return _closed(request, opened, refusal=_refusal(council, application, request_id), status=409)
        return _closed(request, opened)
    if opened.expired:
        return _expired(request, opened, status=403 if posted else 200)
    item = selectors.request_get(application=application, request_id=request_id)
    if item is None or item.state == RequestState.PENDING:
        return _no_such_request(request, opened)
    if item.state != RequestState.OPEN:
        if posted:
            refusal = _refusal(council, application, item.pk)
            return _request_page(request, opened, item, form=None, refusal=refusal, status=409)
        return _request_page(request, opened, item, form=None)
    rule = RULES[RequestKind(item.kind)]
    if not posted:
        return _request_page(request, opened, item, form=AnswerForm(rule=rule, files_label=_files_label(item)))
    form = AnswerForm(request.POST, request.FILES, rule=rule, files_label=_files_label(item))
    if form.is_valid():
        try:
            services.validation_request_answer(
                council=council,
                application_id=application.pk,
                request_id=item.pk,
                answer=form.answered(),
                through="link",
            )
        except DomainError as error:
            # Answered, cancelled or closed meanwhile (a second tab, an officer): say what happened instead.
            application.refresh_from_db(fields=["status"])
            if application.status in CLOSED:
                return _closed(request, opened, refusal=error.message, status=409)
            item = selectors.request_get(application=application, request_id=item.pk) or item
            if item.state != RequestState.OPEN:
                return _request_page(request, opened, item, form=None, refusal=error.message, status=409)
            add_domain_error(form, error)
        else:
            messages.success(request, THANK_YOU)
            return redirect("validation:respond", token=token)
    return _request_page(request, opened, item, form=form, status=400)


@_private
@require_POST
def new_link(request: HttpRequest, token: str) -> HttpResponse:
    """Email a fresh link to the addresses on the case: for any correctly signed link of this council, expired
    or not. At most one every few minutes (the service decides)."""
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    try:
        sent = services.applicant_link_resend(council=request.council, application_id=opened.application.pk)  # type: ignore[attr-defined]
    except DomainError as error:
        return _closed(request, opened, refusal=error.message, status=409)
    context = {"title": "Check your email", "sent": sent, "days": settings.APPLICANT_LINK_DAYS}
    return render_page(request, f"{TEMPLATES}/new_link.html", context)
