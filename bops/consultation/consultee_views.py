"""The consultee's pages, reached by the signed link in the council's email (consultee_links.py); no sign-in.

The link opens one consultee's view of one case of the council whose subdomain it is used on: the application,
the documents shared with consultees, and the response form. A forged, altered or foreign link, or one for a
consultee this case does not have, gets the same "not valid" page; an expired one offers a new link, sent to an
address at the consultee's own organisation. The token is in the address, so no response is cached and no page
passes its address on. The response itself is taken by the service, which reads the link again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.applications.lifecycle import CLOSED
from bops.applications.models import PlanningApplication
from bops.consultation import consultees as services
from bops.consultation.consultee_links import LinkError, consultee_link_read
from bops.consultation.forms_consultees import NewLinkForm, ResponseForm
from bops.consultation.models import CaseConsultee, Consultation
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.validation.applicant_forms import accept_attribute
from bops.validation.applicant_views import REFERRER_POLICY

TEMPLATES = "consultation/portal"
THANK_YOU = "Thank you: we have sent your response to the case officer"


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


@dataclass(frozen=True)
class _Opened:
    token: str
    application: PlanningApplication
    case_consultee: CaseConsultee
    expired: bool


def _open(request: HttpRequest, token: str) -> _Opened | HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    if council is None:
        return _not_valid(request)
    try:
        link = consultee_link_read(token, council_id=council.pk)
    except LinkError:
        return _not_valid(request)
    case_consultee = services.case_consultee_for_link(
        council=council, application_id=link.application_id, case_consultee_id=link.case_consultee_id
    )
    if case_consultee is None:
        return _not_valid(request)
    return _Opened(
        token=token,
        application=case_consultee.consultation.application,
        case_consultee=case_consultee,
        expired=link.expired,
    )


def _not_valid(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "This link is not valid",
        "message": "The link may have been copied wrongly or cut short. Open it again from the email we sent you, "
        "copying the whole link, or contact us.",
    }
    return render_page(request, f"{TEMPLATES}/not_found.html", context, status=404)


def _expired(
    request: HttpRequest, opened: _Opened, *, form: NewLinkForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "title": "This link has expired",
        "token": opened.token,
        "days": settings.CONSULTEE_LINK_DAYS,
        "organisation": opened.case_consultee.consultee.organisation,
        "form": form or NewLinkForm(),
    }
    return render_page(request, f"{TEMPLATES}/expired.html", context, status=status)


def _page(request: HttpRequest, opened: _Opened, *, form: ResponseForm | None, status: int = 200) -> HttpResponse:
    application = opened.application
    consultation: Consultation = opened.case_consultee.consultation
    closed = application.status in CLOSED
    context = {
        "title": f"Consultation on {application.reference_in_full}",
        "application": application,
        "case_consultee": opened.case_consultee,
        "consultation": consultation,
        "documents": services.documents_for_consultees(application=application),
        "responses": list(opened.case_consultee.responses.order_by("received_at", "id")),
        "token": opened.token,
        "form": None if closed else (form or ResponseForm()),
        "closed": closed,
        "accept": accept_attribute(),
    }
    return render_page(request, f"{TEMPLATES}/case.html", context, status=status)


@_private
@require_http_methods(["GET", "POST"])
def portal(request: HttpRequest, token: str) -> HttpResponse:
    """The case and the response form. A response posted here is taken only if the link is still valid when it
    arrives (the service reads it again), however long the page was open."""
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    if request.method == "GET":
        return _expired(request, opened) if opened.expired else _page(request, opened, form=None)
    if opened.expired:
        return _expired(request, opened, status=403)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.consultee_response_submit(
                council=request.council,  # type: ignore[attr-defined]
                token=token,
                response=form.response(),
            )
        except DomainError as error:
            if error.code == "not_valid":
                return _not_valid(request)
            if error.code == "expired":
                return _expired(request, opened, status=403)
            if error.code == "closed":
                return _page(request, opened, form=None, status=409)
            add_domain_error(form, error)
        else:
            messages.success(request, THANK_YOU)
            return redirect("consultation:consultee-portal", token=token)
    return _page(request, opened, form=form, status=400)


@_private
@require_GET
def portal_document(request: HttpRequest, token: str, document_id: int) -> HttpResponse:
    """A document shared with consultees, through a valid, unexpired link only."""
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    if opened.expired:
        return _expired(request, opened, status=403)
    document = services.document_for_consultee(application=opened.application, document_id=document_id)
    if document is None:
        context = {"title": "Page not found", "message": "There is no such document shared with you."}
        return render_page(request, f"{TEMPLATES}/not_found.html", context, status=404)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type, filename=document.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]


@_private
@require_POST
def portal_new_link(request: HttpRequest, token: str) -> HttpResponse:
    """Email a fresh link to an address at the consultee's organisation (the service checks the domain and
    allows one a minute)."""
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    form = NewLinkForm(request.POST)
    if form.is_valid():
        try:
            services.consultee_new_link_send(
                council=request.council,  # type: ignore[attr-defined]
                token=token,
                email=form.cleaned_data["email"],
            )
        except DomainError as error:
            if error.code == "not_valid":
                return _not_valid(request)
            add_domain_error(form, error)
        else:
            context = {"title": "Check your email", "days": settings.CONSULTEE_LINK_DAYS}
            return render_page(request, f"{TEMPLATES}/new_link.html", context)
    return _expired(request, opened, form=form, status=400)
