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
    section_forms = {
        item.section.slug: bound.get(f"section_{item.section.slug}")
        or forms.SectionReviewForm(prefix=item.section.slug, initial={"text": item.latest.text if item.latest else ""})
        for item in sections
    }
    context = {
        "application": application,
        "active_nav": "cases",
        "title": "Review the assessment",
        "can_review": request.user.is_reviewer and application.status in services.REVIEWABLE,  # type: ignore[union-attr]
        "sections": [(item, section_forms[item.section.slug]) for item in sections],
        "recommendation": services.latest_recommendation(application),
        "recommendation_form": bound.get("recommendation_form") or forms.RecommendationReviewForm(),
        "committee": selectors.committee_for(application=application),
        "committee_form": bound.get("committee_form") or forms.CommitteeReferForm(),
        "committee_decision_form": bound.get("committee_decision_form") or forms.CommitteeDecisionForm(),
        "in_committee": application.status == Status.IN_COMMITTEE,
    }
    return render_page(request, "decisions/review.html", context, status=status)


@require_GET
@role_required(*EVERYONE)
def review(request: HttpRequest, reference: str) -> HttpResponse:
    return _review_page(request, _application(request, reference))


@require_POST
@role_required(*EVERYONE)
def section_review(request: HttpRequest, reference: str, slug: str) -> HttpResponse:
    application = _application(request, reference)
    form = forms.SectionReviewForm(request.POST, prefix=slug)
    if form.is_valid():
        try:
            services.section_review(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                slug=slug,
                verdict=request.POST.get("verdict", ""),
                text=form.cleaned_data["text"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The section review is saved.")
            return redirect("decisions:review", reference=reference)
    return _review_page(request, application, BAD_REQUEST, **{f"section_{slug}": form})


@require_POST
@role_required(*EVERYONE)
def recommendation_review(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    form = forms.RecommendationReviewForm(request.POST)
    if form.is_valid():
        agree = form.cleaned_data["agree"] == "yes"
        try:
            services.recommendation_review(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                agree=agree,
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            if agree:
                messages.success(request, "You agreed with the recommendation.")
                return redirect("decisions:decision", reference=reference)
            messages.success(request, "The recommendation is challenged; the officer has been told.")
            return redirect("applications:case", reference=reference)
    return _review_page(request, application, BAD_REQUEST, recommendation_form=form)


@require_POST
@role_required(*EVERYONE)
def committee(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer the case to committee, or record the committee's decision (the form says which)."""
    application = _application(request, reference)
    council, user = request.council, request.user  # type: ignore[attr-defined]
    assert isinstance(user, User)  # role_required let only a signed-in user through
    if request.POST.get("action") == "decision":
        decision_form = forms.CommitteeDecisionForm(request.POST)
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
                _refuse(form, error)
            else:
                messages.success(
                    request, "The case is determined. The applicant and agent have been sent the decision notice."
                )
                return redirect("applications:case", reference=reference)
        status = BAD_REQUEST
    context = {
        "application": application,
        "active_nav": "cases",
        "title": "Determine the application",
        "form": form,
        "recommendation": services.latest_recommendation(application),
        "determination": selectors.determination_for(application=application),
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
