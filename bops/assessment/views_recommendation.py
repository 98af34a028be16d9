"""The recommendation and the officer report: the officer makes the recommendation and sends it to the reviewer in
one submit (or keeps it as a draft); the report is a page and a PDF. A refusal lists what is left, each with a
link to its task, in the GOV.UK error summary."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.permissions import OFFICERS, role_required
from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.assessment import checks, forms, navigation, selectors, services, wording
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.pdf import render_pdf
from bops.core.views import render_page


def _application(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


def _who(request: HttpRequest, application: PlanningApplication) -> dict[str, Any]:
    return {"council": request.council, "application_id": application.pk, "user": request.user}  # type: ignore[attr-defined]


def _page_context(request: HttpRequest, application: PlanningApplication, **extra: Any) -> dict[str, Any]:
    task_list = selectors.assessment_task_list(application=application)
    current = selectors.latest_recommendation(application=application)
    return {
        "application": application,
        "active_nav": "cases",
        "can_work": request.user.is_officer,  # type: ignore[union-attr]
        "title": checks.RECOMMENDATION.title,
        "current": current,
        "sentence": wording.recommendation_sentence(current) if current else "",
        "required_left": [
            (row, navigation.task_url(application, row.slug))
            for row in task_list.required_left
            if row.slug != checks.RECOMMENDATION.slug
        ],
        "optional_left": [(row, navigation.task_url(application, row.slug)) for row in task_list.optional_left],
        **extra,
    }


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def recommendation(request: HttpRequest, reference: str) -> HttpResponse:
    """Save the recommendation and submit it for review (the primary button), or save it as a draft."""
    application = _application(request, reference)
    current = selectors.latest_recommendation(application=application)
    choices = [(d.value, d.label) for d in checks.DECISIONS[application.application_type.family]]
    initial = (
        {"decision": current.decision, "reasons": current.reasons, "internal_comment": current.internal_comment}
        if current
        else {}
    )
    form = forms.RecommendationForm(
        request.POST if request.method == "POST" else None, choices=choices, initial=initial
    )
    refusals: list[dict[str, str]] = []
    if form.is_bound and form.is_valid():
        try:
            services.recommendation_make(**_who(request, application), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if request.POST.get("action") == "draft":
                messages.success(request, "The recommendation is saved as a draft.")
                return redirect("assessment:tasks", reference=reference)
            try:
                services.recommendation_submit(**_who(request, application))
            except DomainError as error:
                application.refresh_from_db()
                refusals = navigation.refusal_items(application, error.message)
            else:
                messages.success(request, "The recommendation is submitted for review.")
                return redirect("applications:case", reference=reference)
    context = _page_context(request, application, form=form, refusals=refusals)
    return render_page(request, "assessment/recommendation.html", context, status=400 if form.is_bound else 200)


@role_required(*OFFICERS)
@require_POST
def submit(request: HttpRequest, reference: str) -> HttpResponse:
    """Submit a draft recommendation from the report page."""
    application = _application(request, reference)
    try:
        services.recommendation_submit(**_who(request, application))
    except DomainError as error:
        context = _report_context(request, application, refusals=navigation.refusal_items(application, error.message))
        return render_page(request, "assessment/report.html", context, status=400)
    messages.success(request, "The recommendation is submitted for review.")
    return redirect("applications:case", reference=reference)


# --- The officer report -------------------------------------------------------------------------------------


def _report_context(request: HttpRequest, application: PlanningApplication, **extra: Any) -> dict[str, Any]:
    report = selectors.assessment_report(application=application)
    return {
        "application": application,
        "active_nav": "cases",
        "can_work": request.user.is_officer,  # type: ignore[union-attr]
        "title": f"Officer report: {application.reference_in_full}",
        "report": report,
        "sentence": wording.recommendation_sentence(report.recommendation) if report.recommendation else "",
        "council": request.council,  # type: ignore[attr-defined]
        **extra,
    }


@role_required(*OFFICERS)
@require_GET
def report(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    return render_page(request, "assessment/report.html", _report_context(request, application))


@role_required(*OFFICERS)
@require_GET
def report_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    pdf = render_pdf("assessment/pdf/report.html", _report_context(request, application))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="officer-report-{application.reference}.pdf"'
    return response
