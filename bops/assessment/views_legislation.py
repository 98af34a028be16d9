"""The assessment against legislation page: one form with the s55 question, the classes and their paragraphs."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bops.accounts.permissions import OFFICERS, role_required
from bops.applications.selectors import planning_application_get
from bops.assessment import gpdo, legislation
from bops.assessment.forms_legislation import LegislationForm
from bops.core.errors import DomainError
from bops.core.views import render_page


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, reference: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    application = planning_application_get(council=council, reference=reference)
    state = legislation.legislation_state(application=application)
    form = LegislationForm(request.POST or None, state=state)
    if request.method == "POST" and form.is_valid():
        is_development = form.cleaned_data["is_development"] == "yes"
        try:
            saved = legislation.legislation_assessment_save(
                council=council,
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                is_development=is_development,
                comment=form.cleaned_data["s55_comment"],
                part=form.cleaned_data.get("part", state.part),
                classes=form.cleaned_data["classes"] if is_development else [],
                results=form.results(),
            )
        except DomainError as error:
            field = form.field_for(error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            if saved.is_complete:
                messages.success(request, "The assessment against legislation is complete.")
            else:
                left = sum(1 for c in saved.checks.values() if c.outcome == "to_be_determined")
                messages.success(request, f"Saved. {left} paragraphs are still to be determined.")
            return redirect(reverse("assessment:legislation", args=[application.reference]))
    context = {
        "title": "Assess against legislation",
        "application": application,
        "form": form,
        "state": state,
        "part": form.part,
        "order": gpdo.ORDER,
        "active_nav": "cases",
    }
    return render_page(request, "assessment/legislation/assess.html", context, status=400 if form.is_bound else 200)
