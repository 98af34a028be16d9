"""The reviewer's pages: review of the report and recommendation, committee, determination with the decision
notice, and appeals. Views are thin: they bind a form, call one service, and redirect; refusals show on the page."""

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.models import User
from bops.accounts.permissions import EVERYONE, OFFICERS, role_required
from bops.applications.models import PlanningApplication, Status
from bops.applications.selectors import planning_application_get
from bops.assessment import checks, navigation, wording
from bops.assessment.models import Decision
from bops.assessment.selectors import assessment_report
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.decisions import forms, notice, selectors, services

BAD_REQUEST = 400


def _application(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


def _refuse(form: django_forms.Form, error: DomainError) -> None:
    add_domain_error(form, error)


# --- Review -------------------------------------------------------------------------------------------------


def _review_page(
    request: HttpRequest, application: PlanningApplication, status: int = 200, **bound: Any
) -> HttpResponse:
    sections = selectors.sections_for_review(application=application)
    decisions = checks.DECISIONS[application.application_type.family]
    recommendation = services.latest_recommendation(application)
    can_review = request.user.is_reviewer and application.status in services.REVIEWABLE  # type: ignore[union-attr]
    form = bound.get("form") or forms.ReviewForm(
        sections=sections, initial={"determined_on": timezone.localdate().strftime("%d/%m/%Y")}
    )
    context = {
        "application": application,
        "active_nav": "cases",
        "title": "Review the assessment",
        "can_review": can_review,
        "sections": sections,
        "form": form,
        "refusals": bound.get("refusals", []),
        "recommendation": recommendation,
        "sentence": wording.recommendation_sentence(recommendation) if recommendation else "",
        "report": assessment_report(application=application),
        "committee": selectors.committee_for(application=application),
        "committee_form": bound.get("committee_form") or forms.CommitteeReferForm(),
        "committee_decision_form": bound.get("committee_decision_form")
        or forms.CommitteeDecisionForm(decisions=decisions),
        "in_committee": application.status == Status.IN_COMMITTEE,
        "decision_label": lambda value: Decision(value).label,
    }
    return render_page(request, "decisions/review.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*EVERYONE)
def review(request: HttpRequest, reference: str) -> HttpResponse:
    """The review in one submit: accept every section (or edit or return any), answer on the recommendation, and
    determine with the decision date ("Save the review and determine"), or only save the review."""
    application = _application(request, reference)
    if request.method == "GET":
        return _review_page(request, application)
    sections = selectors.sections_for_review(application=application)
    form = forms.ReviewForm(request.POST, sections=sections)
    determining = request.POST.get("action") == "determine"
    if form.is_valid() and determining and form.cleaned_data["determined_on"] is None:
        form.add_error("determined_on", "Enter the decision date")
    if form.is_valid():
        verdicts = {
            slug: services.SectionVerdict(verdict, text, comment)
            for slug, (verdict, text, comment) in form.verdicts().items()
        }
        try:
            determination = services.review_save(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                verdicts=verdicts,
                agree=form.answer(),
                comment=form.cleaned_data["comment"],
                determined_on=form.cleaned_data["determined_on"] if determining else None,
            )
        except DomainError as error:
            if error.field is None:
                application.refresh_from_db()
                refusals = navigation.refusal_items(application, error.message)
                return _review_page(request, application, BAD_REQUEST, form=form, refusals=refusals)
            _refuse(form, error)
        else:
            if determination is not None:
                messages.success(
                    request, "The case is determined. The applicant and agent have been sent the decision notice."
                )
            elif form.answer() is False:
                messages.success(request, "The case is back with the officer, who has been told what to change.")
            else:
                messages.success(request, "The review is saved.")
            return redirect("applications:case", reference=reference)
    return _review_page(request, application, BAD_REQUEST, form=form)


@require_POST
@role_required(*EVERYONE)
def committee(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer the case to committee, or record the committee's decision (the form says which)."""
    application = _application(request, reference)
    council, user = request.council, request.user  # type: ignore[attr-defined]
    assert isinstance(user, User)  # role_required let only a signed-in user through
    if request.POST.get("action") == "decision":
        decisions = checks.DECISIONS[application.application_type.family]
        decision_form = forms.CommitteeDecisionForm(request.POST, decisions=decisions)
        if decision_form.is_valid():
            try:
                services.committee_decision_record(
                    council=council, application_id=application.pk, user=user, **decision_form.cleaned_data
                )
            except DomainError as error:
                _refuse(decision_form, error)
            else:
                messages.success(request, "The committee's decision is recorded.")
                return redirect("decisions:decision", reference=reference)
        return _review_page(request, application, BAD_REQUEST, committee_decision_form=decision_form)
    form = forms.CommitteeReferForm(request.POST)
    if form.is_valid():
        try:
            services.committee_refer(
                council=council,
                application_id=application.pk,
                user=user,
                reasons=form.cleaned_data["reasons"].splitlines(),
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The case is sent to committee.")
            return redirect("decisions:review", reference=reference)
    return _review_page(request, application, BAD_REQUEST, committee_form=form)


# --- Determination ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*EVERYONE)
def decision(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    form = forms.DetermineForm(
        request.POST if request.method == "POST" else None,
        initial={"determined_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    status = 200
    refusals: list[dict[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                services.determine(
                    council=request.council,  # type: ignore[attr-defined]
                    application_id=application.pk,
                    user=request.user,  # type: ignore[arg-type]
                    determined_on=form.cleaned_data["determined_on"],
                )
            except DomainError as error:
                if error.field is None:
                    refusals = navigation.refusal_items(application, error.message)
                else:
                    _refuse(form, error)
            else:
                messages.success(
                    request, "The case is determined. The applicant and agent have been sent the decision notice."
                )
                return redirect("applications:case", reference=reference)
        status = BAD_REQUEST
    recommendation = services.latest_recommendation(application)
    determination = selectors.determination_for(application=application)
    family = application.application_type.family
    context = {
        "application": application,
        "active_nav": "cases",
        "title": "Determine the application",
        "form": form,
        "refusals": refusals,
        "recommendation": recommendation,
        "sentence": wording.recommendation_sentence(recommendation) if recommendation else "",
        "determination": determination,
        "decided": wording.decision_sentence(determination.decision, family, determination.determined_on)
        if determination
        else "",
        "decision_label": Decision(determination.decision).label if determination else "",
        "can_determine": request.user.is_reviewer,  # type: ignore[union-attr]
    }
    return render_page(request, "decisions/decision.html", context, status=status)


@require_GET
@role_required(*OFFICERS)
def notice_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The final notice once determined (the stored document); before that, a draft marked as such."""
    application = _application(request, reference)
    determination = selectors.determination_for(application=application)
    filename = f"decision-notice-{application.reference}.pdf"
    if determination is not None and determination.notice is not None:
        with determination.notice.file.open("rb") as stored:
            response = HttpResponse(stored.read(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    recommendation = services.latest_recommendation(application)
    if recommendation is None:
        return render_page(
            request,
            "decisions/no_notice.html",
            {"application": application, "title": "No decision notice yet", "active_nav": "cases"},
            status=404,
        )
    response = HttpResponse(notice.draft_notice_pdf(application, recommendation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-{filename}"'
    return response


# --- Appeals ------------------------------------------------------------------------------------------------


def _appeals_page(
    request: HttpRequest, application: PlanningApplication, status: int = 200, **bound: Any
) -> HttpResponse:
    appeals = selectors.appeals_for(application=application)
    update_forms = [
        (
            appeal,
            bound.get(f"appeal_{appeal.pk}")
            or forms.AppealUpdateForm(
                prefix=f"appeal-{appeal.pk}",
                initial={
                    "validated_on": appeal.validated_on.strftime("%d/%m/%Y") if appeal.validated_on else "",
                    "started_on": appeal.started_on.strftime("%d/%m/%Y") if appeal.started_on else "",
                    "determined_on": appeal.determined_on.strftime("%d/%m/%Y") if appeal.determined_on else "",
                    "decision": appeal.decision,
                },
            ),
        )
        for appeal in appeals
    ]
    context = {
        "application": application,
        "active_nav": "cases",
        "title": "Appeals",
        "appeals": update_forms,
        "form": bound.get("form") or forms.AppealLodgeForm(),
        "can_work": request.user.is_officer and application.status == Status.DETERMINED,  # type: ignore[union-attr]
    }
    return render_page(request, "decisions/appeals.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*EVERYONE)
def appeals(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if request.method == "GET":
        return _appeals_page(request, application)
    form = forms.AppealLodgeForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_lodge(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The appeal is recorded.")
            return redirect("decisions:appeals", reference=reference)
    return _appeals_page(request, application, BAD_REQUEST, form=form)


@require_POST
@role_required(*EVERYONE)
def appeal_update(request: HttpRequest, reference: str, appeal_id: int) -> HttpResponse:
    application = _application(request, reference)
    form = forms.AppealUpdateForm(request.POST, prefix=f"appeal-{appeal_id}")
    if form.is_valid():
        try:
            services.appeal_update(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                appeal_id=appeal_id,
                **form.cleaned_data,
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The appeal is updated.")
            return redirect("decisions:appeals", reference=reference)
    return _appeals_page(request, application, BAD_REQUEST, **{f"appeal_{appeal_id}": form})
