"""The assessment against legislation page: one form with the s55 question, the classes and their paragraphs (or
a class whose paragraphs the service does not hold), saved by one submit that lands on the next task."""

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from bops.accounts.permissions import OFFICERS, role_required
from bops.applications.selectors import planning_application_get
from bops.assessment import checks, gpdo, legislation, navigation
from bops.assessment.forms_legislation import LegislationForm
from bops.core.errors import DomainError
from bops.core.views import render_page


def _posted_part(request: HttpRequest, state: legislation.LegislationState) -> str:
    """The part whose classes the officer asks for: another part may be chosen while none is being assessed."""
    wanted = request.POST.get("part", "")
    if wanted and wanted != state.part and gpdo.part_get(wanted) and not state.checks:
        return wanted
    return state.part


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, reference: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    application = planning_application_get(council=council, reference=reference)
    spec = application.application_type
    if checks.LEGISLATION.slug not in checks.task_slugs(spec.family, code=spec.code):
        raise Http404("This case has no such assessment task.")
    state = legislation.legislation_state(application=application)
    default = legislation.default_class(application)
    data = None
    if request.method == "POST":
        part = _posted_part(request, state)
        if part != state.part:
            state = replace(state, part=part, classes=(), checks={})
        # A new part was chosen in the list: its classes are shown first, nothing is saved.
        shown = (gpdo.part_get(part) or gpdo.PART_1).number
        data = request.POST if request.POST.get("shown_part", shown) == shown else None
    form = LegislationForm(data, state=state, default=default)
    if data is not None and form.is_valid():
        is_development = form.cleaned_data["is_development"] == "yes"
        other = None
        if is_development and form.other_chosen:
            other = legislation.OtherClass(
                part=form.cleaned_data["other_part"],
                class_code=form.cleaned_data["other_class"],
                outcome=form.cleaned_data["other_outcome"],
                comment=form.cleaned_data["other_comment"],
            )
        try:
            saved = legislation.legislation_assessment_save(
                council=council,
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                is_development=is_development,
                comment=form.cleaned_data["s55_comment"],
                part=form.part.number,
                classes=form.listed_classes() if is_development else [],
                results=form.results(),
                other=other,
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
            return redirect(navigation.next_url(application, checks.LEGISLATION.slug))
    context = {
        "title": "Assess against legislation",
        "application": application,
        "form": form,
        "state": state,
        "part": form.part,
        "order": gpdo.ORDER,
        "active_nav": "cases",
        "can_work": request.user.is_officer,  # type: ignore[union-attr]
    }
    status = 400 if data is not None else 200
    return render_page(request, "assessment/legislation/assess.html", context, status=status)
