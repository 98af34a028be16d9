"""The consultation overview: the publicity the law still requires, the end date and why, what has been done, and
the way to each part. Every save in the consultation lands here."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bops.accounts.permissions import EVERYONE, OFFICERS, role_required
from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.consultation import rules, selectors, services
from bops.consultation.duties import publicity_owed
from bops.consultation.forms import ExtendForm
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page


def _context(request: HttpRequest, application: PlanningApplication, **extra: object) -> dict:
    today = timezone.localdate()
    view = selectors.consultation_view(application=application, today=today)
    return {
        "title": f"Consultation on {application.reference_in_full}",
        "application": application,
        "view": view,
        "parts": selectors.consultation_parts(application=application, consultation=view.consultation),
        "consulted": rules.needs_consultation(application.application_type.spec),
        "owed": publicity_owed(application, today=today),
        "can_work": request.user.is_officer,  # type: ignore[union-attr]
        "active_nav": "cases",
        "extend_form": extra.pop("extend_form", None) or ExtendForm(),
        **extra,
    }


@role_required(*EVERYONE)
@require_GET
def overview(request: HttpRequest, reference: str) -> HttpResponse:
    application = planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]
    return render_page(request, "consultation/overview.html", _context(request, application))


@role_required(*OFFICERS)
@require_POST
def extend(request: HttpRequest, reference: str) -> HttpResponse:
    application = planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            consultation = services.consultation_extend(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The consultation now ends on {format_date(consultation.end_date)}.")
            return redirect("consultation:overview", reference=reference)
    return render_page(
        request, "consultation/overview.html", _context(request, application, extend_form=form), status=400
    )
