"""The neighbours page: the addresses around the site to write to in one step, who has been written to and how
their letters are doing; finding more neighbours, removing one, writing again."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from bops.accounts.permissions import OFFICERS, role_required
from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.consultation import neighbours
from bops.consultation.forms_neighbours import AddFromSearchForm, AreaForm, SearchForm, SendForm
from bops.consultation.models import NeighbourLetter
from bops.consultation.services import consultation_open_for_work
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.govuk import error_summary, field
from bops.core.views import render_page
from bops.maps.selectors import map_points_for

PAGE = "consultation/neighbours/neighbours.html"


def _application(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


def _suggestions(application: PlanningApplication) -> tuple[list[neighbours.Suggestion], str]:
    """The addresses to offer, and why there are none when the address lookup could not answer."""
    try:
        return neighbours.neighbour_suggestions(application=application), ""
    except DomainError as error:
        return [], f"The addresses around the site could not be looked up ({error.message}): search for them below."


def _send_form(
    application: PlanningApplication, rows: list[neighbours.NeighbourRow], suggestions: list[neighbours.Suggestion]
) -> SendForm:
    return SendForm(
        written_to=[(r.neighbour.pk, r.neighbour.address) for r in rows if r.latest is not None],
        suggestions=[(s.key, s.address.address) for s in suggestions],
        initial={"chosen": [s.key for s in suggestions if s.adjoining]},
    )


def _chosen_params(form: SendForm, suggestions: list[neighbours.Suggestion]) -> dict[str, Any]:
    """The checkboxes of the addresses around the site, each with the evidence for it (the applicant's word, or how
    far it is from the red line) as its hint."""
    params = field(form["chosen"], classes="govuk-checkboxes--small")
    why = {s.key: s.why for s in suggestions}
    params["items"] = [{**item, "hint": {"text": why.get(item["value"], "")}} for item in params["items"]]
    return params


def _page(request: HttpRequest, application: PlanningApplication, *, status: int = 200, **forms_: Any) -> HttpResponse:
    rows = neighbours.neighbour_rows(application=application)
    try:
        consultation_open_for_work(application)
        refusal = ""
    except DomainError as error:
        refusal = error.message
    suggestions, lookup_failure = _suggestions(application) if not refusal else ([], "")
    search = forms_.pop("search_form", None) or SearchForm(request.GET if "q" in request.GET else None)
    found = forms_.pop("found", None)
    if found is None and search.is_bound and search.is_valid():
        found = neighbours.address_search(text=search.cleaned_data["q"])
    add_form = forms_.pop("add_form", None) or (
        AddFromSearchForm(initial={"q": search.data.get("q", "")}, found=found) if found else None
    )
    consultation = getattr(application, "consultation", None)
    area_form = forms_.pop("area_form", None) or AreaForm()
    send_form = forms_.pop("send_form", None) or _send_form(application, rows, suggestions)
    remove_error = forms_.pop("remove_error", "")
    errors = [{"text": remove_error}] if remove_error else []
    for form in (search, add_form, area_form, send_form):
        summary = error_summary(form) if form is not None else None
        errors.extend(summary["errorList"] if summary else [])
    context = {
        "title": f"Neighbours of {application.reference_in_full}",
        "application": application,
        "active_nav": "cases",
        "rows": rows,
        "unsent": sum(1 for r in rows if r.latest is None),
        "batches": neighbours.letter_batches(rows),
        "progress": neighbours.letter_progress(rows),
        "queued": any(r.latest is not None and r.latest.status == NeighbourLetter.Status.QUEUED for r in rows),
        "refusal": refusal,
        "search_form": search,
        "found": found,
        "add_form": add_form,
        "area_form": area_form,
        "send_form": send_form,
        "suggestions": suggestions,
        "chosen_params": _chosen_params(send_form, suggestions) if suggestions else None,
        "lookup_failure": lookup_failure,
        "summary": {"titleText": "There is a problem", "errorList": errors} if errors else None,
        "page_has_errors": bool(errors),
        "polygon": consultation.polygon if consultation else None,
        "centre": (application.latitude or 51.5072, application.longitude or -0.1276),
        "map_points": map_points_for(application=application),
    }
    return render_page(request, PAGE, context, status=status)


@role_required(*OFFICERS)
@require_GET
def neighbours_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _application(request, reference))


def _added(request: HttpRequest, application: PlanningApplication, added: list) -> HttpResponse:
    count = len(added)
    if count:
        messages.success(request, f"{count} neighbour{'s' if count != 1 else ''} added.")
    else:
        messages.success(request, "Those addresses are already neighbours: nothing added.")
    return redirect("consultation:neighbours", reference=application.reference)


def _run(form: forms.Form, call: Any) -> Any:
    """Call a service for a valid form; None (with the refusal on the form) when it refuses."""
    try:
        return call()
    except DomainError as error:
        add_domain_error(form, error)
        return None


@role_required(*OFFICERS)
@require_POST
def neighbours_add_search(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    query = request.POST.get("q", "")
    found = neighbours.address_search(text=query) if query.strip() else []
    form = AddFromSearchForm(request.POST, found=found)
    if form.is_valid():
        added = _run(
            form,
            lambda: neighbours.neighbours_add_from_search(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                query=form.cleaned_data["q"],
                uprns=form.cleaned_data["uprns"],
            ),
        )
        if added is not None:
            return _added(request, application, added)
    return _page(request, application, status=400, add_form=form, found=found, search_form=SearchForm({"q": query}))


@role_required(*OFFICERS)
@require_POST
def neighbours_add_area(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    form = AreaForm(request.POST)
    if form.is_valid():
        added = _run(
            form,
            lambda: neighbours.neighbours_add_within(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                polygon=form.cleaned_data["polygon"],
            ),
        )
        if added is not None:
            return _added(request, application, added)
    return _page(request, application, status=400, area_form=form)


@role_required(*OFFICERS)
@require_POST
def neighbour_remove(request: HttpRequest, reference: str, neighbour_id: int) -> HttpResponse:
    application = _application(request, reference)
    try:
        neighbours.neighbour_remove(
            council=request.council,  # type: ignore[attr-defined]
            application_id=application.pk,
            user=request.user,  # type: ignore[arg-type]
            neighbour_id=neighbour_id,
        )
    except DomainError as error:
        return _page(request, application, status=400, remove_error=error.message)
    messages.success(request, "Neighbour removed.")
    return redirect("consultation:neighbours", reference=application.reference)


@role_required(*OFFICERS)
@require_POST
def neighbour_letters_send(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    rows = neighbours.neighbour_rows(application=application)
    suggestions, _ = _suggestions(application)
    form = SendForm(
        request.POST,
        written_to=[(r.neighbour.pk, r.neighbour.address) for r in rows if r.latest is not None],
        suggestions=[(s.key, s.address.address) for s in suggestions],
    )
    if form.is_valid():
        batch = _run(
            form,
            lambda: neighbours.neighbour_letters_send(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                chosen=form.cleaned_data["chosen"],
                resend_ids=[int(i) for i in form.cleaned_data["resend"]],
                resend_reason=form.cleaned_data["resend_reason"],
            ),
        )
        if batch is not None:
            count = len(batch.letters)
            messages.success(
                request,
                f"{count} letter{'s' if count != 1 else ''} queued: they are being sent now, and the neighbours page "
                f"shows how each is getting on. The consultation ends on {format_date(batch.closing_date)}.",
            )
            return redirect("consultation:overview", reference=application.reference)
    return _page(request, application, status=400, send_form=form)


@role_required(*OFFICERS)
@require_GET
def neighbour_letters_pdf(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    application = _application(request, reference)
    try:
        pdf = neighbours.batch_pdf(application=application, letter_id=letter_id)
    except DomainError as error:
        raise Http404(error.message) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="neighbour-letters-{application.reference}-{letter_id}.pdf"'
    return response
