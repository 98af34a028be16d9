from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.models import Role, User
from bops.accounts.permissions import EVERYONE, OFFICERS, role_required
from bops.applications import selectors, services, workload
from bops.applications.catalogue import BY_CODE
from bops.applications.forms import (
    ApplicationByHandForm,
    ApplicationTypeForm,
    AssignForm,
    DashboardFilterForm,
    ReasonForm,
)
from bops.applications.lifecycle import CLOSING_EVENTS, TRANSITIONS, Event, refusal
from bops.applications.models import PlanningApplication, Status
from bops.assessment.models import Recommendation
from bops.assessment.navigation import task_url as assessment_task_url
from bops.assessment.selectors import assessment_task_list, latest_recommendation
from bops.consultation.rules import needs_consultation
from bops.consultation.selectors import consultation_view
from bops.core import dates
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.documents.selectors import document_get, documents_for
from bops.maps.selectors import map_points_for
from bops.submissions.selectors import submitted_details_for
from bops.validation.selectors import validation_summary


@role_required(*EVERYONE)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    types = selectors.active_application_types(council=council)
    params = request.GET.copy()
    if "tab" not in params:
        params["tab"] = selectors.Tab.MINE if request.user.is_officer else selectors.Tab.ALL  # type: ignore[union-attr]
    form = DashboardFilterForm(params, type_choices=[(t.code, t.description) for t in types])
    valid = form.is_valid()
    data = form.cleaned_data
    query = selectors.DashboardQuery(
        tab=selectors.Tab(data.get("tab") or selectors.Tab.ALL),
        stage=selectors.Stage(data["stage"]) if data.get("stage") else None,
        status=Status(data["status"]) if data.get("status") else None,
        type_code=data.get("type") or "",
        q=data.get("q") or "",
        page=data.get("page") or 1,
    )
    board = selectors.dashboard(council=council, user=request.user, query=query)  # type: ignore[arg-type]
    # A reviewer's home (the list as it opens) starts with what waits for them.
    at_home = not request.GET and request.user.is_reviewer  # type: ignore[union-attr]
    context = {
        "title": "Cases",
        "form": form,
        "board": board,
        "queue": workload.reviewer_queue(council=council, today=timezone.localdate()) if at_home else None,
        "active_nav": "cases",
        "Tab": selectors.Tab,
        "Stage": selectors.Stage,
        "STAGE_OF": selectors.STAGE_OF,
    }
    return render_page(request, "applications/dashboard.html", context, status=200 if valid else 400)


@role_required(*EVERYONE)
@require_GET
def team_workload(request: HttpRequest) -> HttpResponse:
    """The team's open cases per officer, and the cases at risk (past their date, or near deemed consent)."""
    council = request.council  # type: ignore[attr-defined]
    context = {
        "title": "Workload",
        "load": workload.workload(council=council, today=timezone.localdate()),
        "AT_RISK_SIZE": workload.AT_RISK_SIZE,
        "active_nav": "cases",
        "Tab": selectors.Tab,
    }
    return render_page(request, "applications/workload.html", context)


def _case_context(request: HttpRequest, reference: str, **extra: Any) -> dict[str, Any]:
    council = request.council  # type: ignore[attr-defined]
    application = selectors.planning_application_get(council=council, reference=reference)
    officers = selectors.officers_for_assignment(council=council)
    assign_form = extra.pop("assign_form", None) or AssignForm(
        initial={"officer": application.assigned_officer_id or ""},
        officers=[(str(o.pk), o.name) for o in officers],
    )
    role = request.user.role  # type: ignore[union-attr]
    closing = [TRANSITIONS[e] for e in CLOSING_EVENTS if refusal(TRANSITIONS[e], application, role) is None]
    today = timezone.localdate()
    validation = validation_summary(application=application, today=today)
    # The required tasks left first, then the optional ones (bops/assessment/checks.py OPTIONAL).
    assessment_open = (
        [
            (row.title if row.required else f"{row.title} (optional)", assessment_task_url(application, row.slug))
            for row in sorted(assessment_task_list(application=application).rows, key=lambda r: not r.required)
            if row.status != "completed"
        ]
        if application.status in selectors.Stage.ASSESSMENT.statuses
        else []
    )
    consultation = (
        consultation_view(application=application, today=today)
        if needs_consultation(application.application_type.spec)
        else None
    )
    return {
        "title": f"{application.reference_in_full}",
        "application": application,
        "key_dates": dates.key_dates(
            received_at=application.submitted_at,
            valid_from=application.valid_from,
            period_days=application.period_days,
            extended_to=application.extended_to,
            target_days_before=council.target_days_before_due,
        ),
        "period_source": application.period_source,
        "deadline": selectors.deadline_for(application, today=today),
        "documents": documents_for(application=application),
        "details": submitted_details_for(application=application),
        "timeline": selectors.audit_timeline(application=application),
        "validation": validation,
        "assessment_open": assessment_open,
        "consultation": consultation,
        "next_step": selectors.next_step(
            application,
            user=request.user,  # type: ignore[arg-type]
            consultation_started=bool(
                consultation and consultation.consultation and consultation.consultation.start_date
            ),
            recommendation_agreed=_recommendation_agreed(application, request.user),  # type: ignore[arg-type]
        ),
        "assign_form": assign_form,
        "closing_transitions": closing,
        "can_work": request.user.is_officer,  # type: ignore[union-attr]
        "active_nav": "cases",
        "map_points": map_points_for(application=application) if application.boundary else None,
        **extra,
    }


def _recommendation_agreed(application: PlanningApplication, user: User) -> bool:
    """For a reviewer's next step on a case in review: whether they have agreed the latest recommendation."""
    if not (user.is_reviewer and application.status in selectors.Stage.REVIEW.statuses):
        return False
    latest = latest_recommendation(application=application)
    return latest is not None and latest.review == Recommendation.Review.AGREED


@role_required(*EVERYONE)
@require_GET
def case(request: HttpRequest, reference: str) -> HttpResponse:
    return render_page(request, "applications/case.html", _case_context(request, reference))


@role_required(*OFFICERS)
@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    application = selectors.planning_application_get(council=council, reference=reference)
    officers = selectors.officers_for_assignment(council=council)
    form = AssignForm(request.POST, officers=[(str(o.pk), o.name) for o in officers])
    if form.is_valid():
        officer_id = int(form.cleaned_data["officer"]) if form.cleaned_data["officer"] else None
        try:
            updated = services.planning_application_assign(
                council=council,
                application_id=application.pk,
                user=request.user,
                officer_id=officer_id,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if updated.assigned_officer_id == request.user.pk:
                who = "you"
            else:
                who = updated.assigned_officer.name if updated.assigned_officer else "nobody"
            messages.success(request, f"The case is assigned to {who}.")
            return redirect("applications:case", reference=application.reference)
    return render_page(
        request, "applications/case.html", _case_context(request, reference, assign_form=form), status=400
    )


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, reference: str, event: str) -> HttpResponse:
    """Withdraw, return or close a case, with a reason."""
    try:
        chosen = Event(event)
    except ValueError:
        chosen = None
    if chosen not in CLOSING_EVENTS:
        return render(
            request, "errors/page.html", {"title": "Page not found", "message": "There is no such action."}, status=404
        )
    council = request.council  # type: ignore[attr-defined]
    application = selectors.planning_application_get(council=council, reference=reference)
    transition = TRANSITIONS[chosen]
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.planning_application_transition(
                    council=council,
                    application_id=application.pk,
                    user=request.user,  # type: ignore[arg-type]
                    event=chosen,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"The case is {transition.target.label.lower()}.")
                return redirect("applications:case", reference=reference)
        status = 400
    refused = refusal(transition, application, request.user.role)  # type: ignore[union-attr]
    if refused and request.method == "GET":
        status = 409
    context = {
        "title": f"{transition.verb.capitalize()} {application.reference_in_full}",
        "application": application,
        "transition": transition,
        "form": form,
        "refused": refused,
        "active_nav": "cases",
    }
    return render_page(request, "applications/close.html", context, status=status)


@role_required(*EVERYONE)
@require_GET
def document(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    application = selectors.planning_application_get(council=council, reference=reference)
    doc = document_get(council=council, application=application, document_id=document_id)
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type, filename=doc.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(Role.ADMINISTRATOR)
@require_GET
def types(request: HttpRequest) -> HttpResponse:
    rows = selectors.application_types_for_admin(council=request.council)  # type: ignore[attr-defined]
    return render_page(
        request, "applications/types.html", {"title": "Application types", "types": rows, "active_nav": "types"}
    )


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def type_edit(request: HttpRequest, code: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    application_type = next((t for t in selectors.application_types_for_admin(council=council) if t.code == code), None)
    if application_type is None or code not in BY_CODE:
        return render(
            request,
            "errors/page.html",
            {"title": "Page not found", "message": "There is no such application type."},
            status=404,
        )
    form = ApplicationTypeForm(
        request.POST or None,
        initial={
            "is_active": "true" if application_type.is_active else "false",
            "period_days_override": application_type.period_days_override,
            "required_documents": "\n".join(d["description"] for d in application_type.required_documents),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_type_configure(
                council=council,
                user=request.user,
                code=code,  # type: ignore[arg-type]
                is_active=form.cleaned_data["is_active"],
                period_days_override=form.cleaned_data["period_days_override"],
                required_documents=form.cleaned_data["required_documents"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{application_type.description} has been updated.")
            return redirect(reverse("applications:types") + f"#type-{application_type.suffix}")
    status = 400 if form.is_bound else 200
    context = {
        "title": application_type.description,
        "application_type": application_type,
        "form": form,
        "active_nav": "types",
    }
    return render_page(request, "applications/type_edit.html", context, status=status)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """An officer adds a paper or emailed application."""
    council = request.council  # type: ignore[attr-defined]
    types = selectors.active_application_types(council=council)
    form = ApplicationByHandForm(
        request.POST or None, request.FILES or None, type_choices=[(t.code, t.description) for t in types]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uploads = [
            services.Upload(name=f.name, content=f.read(), declared_type=f.content_type) for f in data["documents"]
        ]
        try:
            application = services.planning_application_create_by_hand(
                council=council,
                user=request.user,
                code=data["application_type"],  # type: ignore[arg-type]
                site=services.Site(
                    address_line_1=data["address_line_1"],
                    address_line_2=data["address_line_2"],
                    town=data["town"],
                    postcode=data["postcode"],
                    uprn=data["uprn"],
                ),
                description=data["description"],
                applicant=services.Person(
                    name=data["applicant_name"],
                    email=data["applicant_email"],
                    phone=data["applicant_phone"],
                    address=data["applicant_address"],
                ),
                agent=services.Person(
                    name=data["agent_name"],
                    company=data["agent_company"],
                    email=data["agent_email"],
                    phone=data["agent_phone"],
                )
                if data["agent_name"]
                else None,
                boundary=data["boundary"].strip() or None,
                received_on=data["received_on"],
                uploads=uploads,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"{application.reference_in_full} has been added. The applicant has been sent a receipt."
            )
            return redirect("applications:case", reference=application.reference)
    status = 400 if form.is_bound else 200
    context = {
        "title": "Add an application",
        "form": form,
        "active_nav": "cases",
        "centre": selectors.map_centre(council=council),
    }
    return render_page(request, "applications/new.html", context, status=status)
