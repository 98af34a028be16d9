"""The council's libraries of conditions, informatives and policies: list, add, change, deactivate
(administrators)."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from bops.accounts.models import Role
from bops.accounts.permissions import role_required
from bops.assessment import libraries
from bops.assessment.forms_libraries import ConditionForm, InformativeForm, PolicyForm
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page

TEMPLATES = "assessment/libraries"


@dataclass(frozen=True)
class Page:
    kind: str
    form: type[ConditionForm | InformativeForm | PolicyForm]
    singular: str
    plural: str
    hint: str


PAGES = {
    "condition": Page(
        "condition",
        ConditionForm,
        "condition",
        "conditions",
        "Standard conditions officers can add to a decision, each with the reason printed after it.",
    ),
    "informative": Page(
        "informative",
        InformativeForm,
        "informative",
        "informatives",
        "Advice to the applicant printed on the decision notice; informatives are not conditions.",
    ),
    "policy": Page(
        "policy",
        PolicyForm,
        "policy",
        "policies",
        "Your local plan's policies that officers assess planning applications against.",
    ),
}


@role_required(Role.ADMINISTRATOR)
@require_GET
def library(request: HttpRequest, kind: str) -> HttpResponse:
    page = PAGES[kind]
    items = libraries.library_items(council=request.council, kind=kind)  # type: ignore[attr-defined]
    context = {"title": page.plural.capitalize(), "page": page, "items": items, "active_nav": f"library-{kind}"}
    return render_page(request, f"{TEMPLATES}/list.html", context)


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def library_edit(request: HttpRequest, kind: str, item_id: int | None = None) -> HttpResponse:
    """Add an entry to a library, or change one (including deactivating it)."""
    council = request.council  # type: ignore[attr-defined]
    page = PAGES[kind]
    item = None
    if item_id is not None:
        item = libraries.library_item_get(council=council, kind=kind, item_id=item_id)
        if item is None:
            raise Http404(f"There is no such {page.singular} in your council's library.")
    form = page.form(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = libraries.library_item_save(
                council=council,
                user=request.user,  # type: ignore[arg-type]
                details=form.details(),
                item_id=item_id,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{saved} has been {'added' if item is None else 'saved'}.")
            return redirect(f"assessment:library-{page.plural}")
    context = {
        "title": f"Change {item}" if item else f"Add a {page.singular}",
        "page": page,
        "form": form,
        "item": item,
        "active_nav": f"library-{kind}",
    }
    return render_page(request, f"{TEMPLATES}/edit.html", context, status=400 if form.is_bound else 200)
