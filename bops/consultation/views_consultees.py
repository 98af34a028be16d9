"""The consultees pages: the council's directory (administrators) and each case's consultees (officers)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.models import Role
from bops.accounts.permissions import EVERYONE, OFFICERS, role_required
from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.consultation import consultees as services
from bops.consultation.forms_consultees import AddConsulteeForm, ConsulteeForm, OfficerResponseForm, SendForm
from bops.consultation.models import CaseConsultee, Consultee
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.validation.applicant_forms import accept_attribute
from bops.validation.constraints import CONSTRAINTS

DIRECTORY = "consultation/consultees"

# --- The directory --------------------------------------------------------------------------------------------


@role_required(Role.ADMINISTRATOR)
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    consultees = services.consultees_of(council=request.council)  # type: ignore[attr-defined]
    context = {"title": "Consultees", "consultees": consultees, "constraints": CONSTRAINTS, "active_nav": "consultees"}
    return render_page(request, f"{DIRECTORY}/directory.html", context)


def _directory_consultee(request: HttpRequest, consultee_id: int) -> Consultee:
    consultee = services.consultees_of(council=request.council).filter(pk=consultee_id).first()  # type: ignore[attr-defined]
    if consultee is None:
        raise Http404("There is no such consultee in your council's directory.")
    return consultee


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def directory_edit(request: HttpRequest, consultee_id: int | None = None) -> HttpResponse:
    """Add a consultee to the directory, or change one."""
    council = request.council  # type: ignore[attr-defined]
    consultee = _directory_consultee(request, consultee_id) if consultee_id is not None else None
    initial = ConsulteeForm.initial_from(consultee) if consultee else None
    form = ConsulteeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if consultee is None:
                saved = services.consultee_create(council=council, user=request.user, details=form.details())  # type: ignore[arg-type]
            else:
                saved = services.consultee_update(
                    council=council,
                    user=request.user,  # type: ignore[arg-type]
                    consultee_id=consultee.pk,
                    details=form.details(),
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{saved} has been {'added' if consultee is None else 'saved'}.")
            return redirect("consultation:directory")
    context = {
        "title": f"Change {consultee}" if consultee else "Add a consultee",
        "form": form,
        "consultee": consultee,
        "active_nav": "consultees",
    }
    return render_page(request, f"{DIRECTORY}/directory_edit.html", context, status=400 if form.is_bound else 200)


@role_required(Role.ADMINISTRATOR)
@require_POST
def directory_active(request: HttpRequest, consultee_id: int) -> HttpResponse:
    active = request.POST.get("active") == "true"
    _directory_consultee(request, consultee_id)
    consultee = services.consultee_set_active(
        council=request.council,  # type: ignore[attr-defined]
        user=request.user,  # type: ignore[arg-type]
        consultee_id=consultee_id,
        active=active,
    )
    messages.success(request, f"{consultee} has been {'reactivated' if active else 'deactivated'}.")
    return redirect("consultation:directory")


# --- A case's consultees --------------------------------------------------------------------------------------


def _case(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


def _page(
    request: HttpRequest,
    application: PlanningApplication,
    *,
    add_form: AddConsulteeForm | None = None,
    send_form: SendForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    on_case = services.case_consultees(application=application)
    directory = [
        c
        for c in services.consultees_of(council=application.council, active_only=True)
        if c.pk not in {cc.consultee_id for cc in on_case}
    ]
    context = {
        "title": f"Consultees on {application.reference_in_full}",
        "application": application,
        "case_consultees": on_case,
        "suggestions": services.consultee_suggestions(application=application),
        "add_form": add_form or AddConsulteeForm(consultees=directory),
        "send_form": send_form or SendForm(case_consultees=on_case),
        "refusal": refusal,
        "can_work": request.user.is_officer,  # type: ignore[union-attr]
        "not_consulted": CaseConsultee.Status.NOT_CONSULTED,
        "link_days": settings.CONSULTEE_LINK_DAYS,
        "active_nav": "cases",
    }
    return render_page(request, f"{DIRECTORY}/case.html", context, status=status)


@role_required(*EVERYONE)
@require_GET
def case_consultees(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _case(request, reference))


@role_required(*OFFICERS)
@require_POST
def case_consultee_add(request: HttpRequest, reference: str) -> HttpResponse:
    application = _case(request, reference)
    directory = services.consultees_of(council=application.council, active_only=True)
    form = AddConsulteeForm(request.POST, consultees=directory)
    and_email = request.POST.get("and_email") == "yes"
    if form.is_valid():
        add = services.case_consultee_add_and_email if and_email else services.case_consultee_add
        try:
            added = add(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                consultee_id=form.cleaned_data["consultee"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if not and_email:
                messages.success(request, f"{added.consultee} has been added.")
                return redirect("consultation:consultees", reference=reference)
            if added.status == CaseConsultee.Status.FAILED:
                messages.error(request, f"{added.consultee} has been added, but the email could not be sent.")
                return redirect("consultation:consultees", reference=reference)
            messages.success(request, f"{added.consultee} has been added and emailed their link.")
            return redirect("consultation:overview", reference=reference)
    return _page(request, application, add_form=form, status=400)


@role_required(*OFFICERS)
@require_POST
def case_consultee_remove(request: HttpRequest, reference: str, case_consultee_id: int) -> HttpResponse:
    application = _case(request, reference)
    try:
        services.case_consultee_remove(
            council=request.council,  # type: ignore[attr-defined]
            application_id=application.pk,
            user=request.user,  # type: ignore[arg-type]
            case_consultee_id=case_consultee_id,
        )
    except DomainError as error:
        return _page(request, application, refusal=error.message, status=400)
    messages.success(request, "The consultee has been removed.")
    return redirect("consultation:consultees", reference=reference)


@role_required(*OFFICERS)
@require_POST
def case_consultees_send(request: HttpRequest, reference: str) -> HttpResponse:
    application = _case(request, reference)
    form = SendForm(request.POST, case_consultees=services.case_consultees(application=application))
    if form.is_valid():
        try:
            sent = services.consultee_emails_send(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                case_consultee_ids=form.cleaned_data["consultees"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            failed = sum(1 for c in sent if c.status == CaseConsultee.Status.FAILED)
            text = f"{len(sent) - failed} consultee email{'s' if len(sent) - failed != 1 else ''} sent."
            if failed:
                messages.error(request, f"{text} {failed} could not be sent: check their addresses and resend.")
                return redirect("consultation:consultees", reference=reference)
            messages.success(request, text)
            return redirect("consultation:overview", reference=reference)
    return _page(request, application, send_form=form, status=400)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def case_consultee_response(request: HttpRequest, reference: str, case_consultee_id: int) -> HttpResponse:
    """Record a response received another way (by email or post)."""
    application = _case(request, reference)
    case_consultee = next(
        (c for c in services.case_consultees(application=application) if c.pk == case_consultee_id), None
    )
    if case_consultee is None:
        raise Http404("There is no such consultee on this case.")
    form = OfficerResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultee_response_record(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                case_consultee_id=case_consultee.pk,
                response=form.response(),
                received_on=form.cleaned_data["received_on"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The response from {case_consultee.consultee} has been recorded.")
            return redirect("consultation:consultees", reference=reference)
    context = {
        "title": f"Record a response from {case_consultee.consultee}",
        "application": application,
        "case_consultee": case_consultee,
        "form": form,
        "accept": accept_attribute(),
        "active_nav": "cases",
    }
    return render_page(request, f"{DIRECTORY}/response.html", context, status=400 if form.is_bound else 200)
