"""The officers' pages for responses: every public comment and consultee response with its redaction state, the
counts, the redaction form, and recording a comment that came on paper. Officers read; assessors and reviewers
act (the services check the role again)."""

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from bops.accounts.models import User
from bops.accounts.permissions import EVERYONE, OFFICERS, role_required
from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.consultation import comments, selectors_comments
from bops.consultation.forms_comments import PaperCommentForm, RedactForm
from bops.consultation.models import TOPICS, ConsulteeResponse, PublicComment
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page

TEMPLATES = "consultation/responses"


def _case(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


@role_required(*EVERYONE)
@require_GET
def responses(request: HttpRequest, reference: str) -> HttpResponse:
    application = _case(request, reference)
    context = {
        "title": "Responses",
        "application": application,
        "summary": selectors_comments.consultation_summary(application),
        "comments": list(selectors_comments.public_comments_for(application=application)),
        "consultee_responses": list(selectors_comments.consultee_responses_for(application=application)),
        "topics": TOPICS,
        "can_act": request.user.role in OFFICERS,  # type: ignore[union-attr,operator]
        "active_nav": "cases",
    }
    return render_page(request, f"{TEMPLATES}/list.html", context)


def _redact_page(
    request: HttpRequest,
    application: PlanningApplication,
    item: PublicComment | ConsulteeResponse,
    form: RedactForm,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "title": "Redact and publish",
        "application": application,
        "item": item,
        "is_comment": isinstance(item, PublicComment),
        "form": form,
        "active_nav": "cases",
    }
    return render_page(request, f"{TEMPLATES}/redact.html", context, status=status)


def _redact(
    request: HttpRequest, application: PlanningApplication, item: PublicComment | ConsulteeResponse
) -> HttpResponse:
    if request.method == "GET":
        initial = item.redacted_text if item.is_published else item.text
        return _redact_page(request, application, item, RedactForm(initial={"redacted_text": initial}))
    form = RedactForm(request.POST)
    if form.is_valid():
        council = request.council  # type: ignore[attr-defined]
        user = cast(User, request.user)  # role_required let only a signed-in officer through
        text = form.cleaned_data["redacted_text"]
        try:
            if isinstance(item, PublicComment):
                comments.public_comment_redact(
                    council=council, application_id=application.pk, comment_id=item.pk, user=user, redacted_text=text
                )
            else:
                comments.consultee_response_redact(
                    council=council, application_id=application.pk, response_id=item.pk, user=user, redacted_text=text
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "The response is redacted and published on the register.")
            return redirect("consultation:responses", reference=application.reference)
    return _redact_page(request, application, item, form, status=400)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def comment_redact(request: HttpRequest, reference: str, comment_id: int) -> HttpResponse:
    application = _case(request, reference)
    item = selectors_comments.public_comment_get(application=application, comment_id=comment_id)
    if item is None:
        raise Http404("There is no such comment on this case.")
    return _redact(request, application, item)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def consultee_response_redact(request: HttpRequest, reference: str, response_id: int) -> HttpResponse:
    application = _case(request, reference)
    item = selectors_comments.consultee_response_get(application=application, response_id=response_id)
    if item is None:
        raise Http404("There is no such consultee response on this case.")
    return _redact(request, application, item)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def comment_new(request: HttpRequest, reference: str) -> HttpResponse:
    """A comment that came on paper or by email, typed in as received."""
    application = _case(request, reference)
    form = PaperCommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                comments.public_comment_record(
                    council=request.council,  # type: ignore[attr-defined]
                    application_id=application.pk,
                    user=request.user,  # type: ignore[arg-type]
                    comment=form.comment(),
                    received_on=form.cleaned_data["received_on"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "The comment is recorded. Redact it to publish it.")
                return redirect("consultation:responses", reference=reference)
    context = {"title": "Record a comment", "application": application, "form": form, "active_nav": "cases"}
    return render_page(request, f"{TEMPLATES}/new.html", context, status=status)
