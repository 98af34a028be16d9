"""The public register, on the council's subdomain, for anyone and with no sign-in: a published case, its
published documents and redacted comments, and the comment form while the case takes comments."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from bops.applications.models import PlanningApplication
from bops.consultation import comments
from bops.consultation.forms_comments import CommentForm
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.register import selectors

# Shown in the browser; anything else is downloaded, so no uploaded file runs as a page on the council's domain.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif"}


@require_GET
def application(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.register_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]
    page = selectors.register_page(application=case)
    context = {"title": f"{case.reference_in_full}: {case.address}", "page": page, "application": case}
    return render_page(request, "register/application.html", context)


@require_GET
def document(request: HttpRequest, reference: str, document_id: int) -> FileResponse:
    case = selectors.register_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]
    doc = selectors.register_document_get(application=case, document_id=document_id)
    response = FileResponse(
        doc.file.open("rb"),
        content_type=doc.content_type,
        filename=doc.name,
        as_attachment=doc.content_type not in INLINE_TYPES,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def _comment_page(
    request: HttpRequest, case: PlanningApplication, form: CommentForm, status: int = 200
) -> HttpResponse:
    context = {"title": "Comment on this application", "application": case, "form": form}
    response = render_page(request, "register/comment.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _closed(request: HttpRequest, case: PlanningApplication, status: int = 200) -> HttpResponse:
    context = {"title": "Comments are closed", "application": case}
    return render_page(request, "register/comments_closed.html", context, status=status)


@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, reference: str) -> HttpResponse:
    """The comment form. A closed case says so; too many comments from one sender get 429 and are not stored."""
    case = selectors.register_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]
    if not comments.comments_are_open(case):
        return _closed(request, case, status=409 if request.method == "POST" else 200)
    if request.method == "GET":
        return _comment_page(request, case, CommentForm())
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _comment_page(request, case, form, status=400)
    try:
        comments.public_comment_submit(
            council=request.council,  # type: ignore[attr-defined]
            application_id=case.pk,
            comment=form.comment(),
            client_key=comments.client_key_for(request.META.get("REMOTE_ADDR", "")),
        )
    except DomainError as error:
        if error.code == "closed":
            return _closed(request, case, status=409)
        add_domain_error(form, error)
        return _comment_page(request, case, form, status=429 if error.code == "rate_limited" else 400)
    return redirect("register:comment-sent", reference=reference)


@require_GET
def comment_sent(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.register_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]
    return render_page(
        request, "register/comment_sent.html", {"title": "Thank you for your comment", "application": case}
    )
