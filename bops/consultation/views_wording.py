"""The administrators' pages for the council's wording of neighbour letters and consultee emails."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from bops.accounts.models import Role
from bops.accounts.permissions import role_required
from bops.consultation import templates, wording
from bops.consultation.forms_wording import WordingForm
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page

WORDING = "consultation/wording"


@role_required(Role.ADMINISTRATOR)
@require_GET
def wording_list(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "Letters and emails",
        "wordings": wording.wordings_of(council=request.council),  # type: ignore[attr-defined]
        "active_nav": "wording",
    }
    return render_page(request, f"{WORDING}/list.html", context)


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def wording_edit(request: HttpRequest, kind: str) -> HttpResponse:
    """Change the wording, preview it with example values, or go back to the default."""
    council = request.council  # type: ignore[attr-defined]
    try:
        current = wording.wording_get(council=council, kind=kind)
    except DomainError as error:
        raise Http404(error.message) from error
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "reset":
        reset = wording.message_template_reset(council=council, user=request.user, kind=kind)  # type: ignore[arg-type]
        done = "now uses the default wording" if reset else "already used the default wording"
        messages.success(request, f"The {current.label.lower()} {done}.")
        return redirect("consultation:wording")

    form = WordingForm(
        request.POST or None,
        initial={"subject": current.subject, "body": current.body},
        has_subject=bool(templates.DEFAULTS[kind][0]),
    )
    status = 200
    preview: tuple[str, str] | None = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            subject, body = form.cleaned_data.get("subject", ""), form.cleaned_data["body"]
            try:
                if action == "preview":
                    preview = wording.wording_preview(council=council, kind=kind, subject=subject, body=body)
                    status = 200
                else:
                    wording.message_template_save(
                        council=council,
                        user=request.user,  # type: ignore[arg-type]
                        kind=kind,
                        subject=subject,
                        body=body,
                    )
                    messages.success(request, f"The {current.label.lower()} has been saved.")
                    return redirect("consultation:wording")
            except DomainError as error:
                add_domain_error(form, error)
    else:
        try:
            preview = wording.wording_preview(council=council, kind=kind, subject=current.subject, body=current.body)
        except DomainError:
            preview = None  # wording put in without the check: the form shows it to be put right
    context = {
        "title": current.label,
        "wording": current,
        "form": form,
        "placeholder_rows": [
            {"key": {"text": "{" + name + "}"}, "value": {"text": meaning}}
            for name, meaning in templates.PLACEHOLDERS[kind].items()
        ],
        "preview": preview,
        "active_nav": "wording",
    }
    return render_page(request, f"{WORDING}/edit.html", context, status=status)
