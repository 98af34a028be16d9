"""The officer's validation pages: the task list, one page per task, the requests, and the decision.

Views are thin: they bind forms, call one service, and move on. Saving a task goes to the next task that is
not done, so an officer walks the list without coming back to it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.permissions import EVERYONE, OFFICERS, role_required
from bops.applications.boundary import parse_boundary
from bops.applications.lifecycle import CLOSED, TRANSITIONS, Event, refusal
from bops.applications.models import PlanningApplication, Status
from bops.applications.selectors import map_centre, planning_application_get
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.govuk import field as govuk_field
from bops.core.tasklist import TaskStatus, task_status_tag
from bops.core.views import render_page
from bops.maps.selectors import map_points_for
from bops.submissions.selectors import submitted_details_for
from bops.validation import checks, evidence, forms, selectors, services
from bops.validation.constraints import CONSTRAINTS
from bops.validation.models import RequestKind, RequestState
from bops.validation.rules import RULES, kinds_allowed

Handler = Callable[[HttpRequest, PlanningApplication], HttpResponse]


def _application(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


def _base(request: HttpRequest, application: PlanningApplication, **extra: Any) -> dict[str, Any]:
    return {"application": application, "active_nav": "cases", "can_work": request.user.is_officer, **extra}  # type: ignore[union-attr]


def _needs_officer(row: selectors.TaskRow, *, confirmable: set[str], waiting: set[str]) -> bool:
    """Whether a task is worth opening next: not done, not one the batch confirmation can take, not waiting for
    the applicant's answer (a request made from it is still live), and for the requests, with answers to read."""
    if row.status == TaskStatus.COMPLETED or row.slug in confirmable or row.slug == "decision":
        return False
    if row.slug == "requests":
        return row.status == TaskStatus.ACTION_REQUIRED
    return not (row.status == TaskStatus.IN_PROGRESS and row.slug in waiting)


def _next_url(application: PlanningApplication, after: str | None) -> str:
    """The next useful page after saving `after` (None: after the batch confirmation): the next task that needs
    the officer; else the task list, where the batch confirmation takes the checks that need only a tick; else,
    with nothing left, the validation decision. So no save leaves the officer to find their own way back."""
    requests = selectors.requests_for(application=application)
    task_list = selectors.validation_task_list(application=application, requests=requests)
    confirmable = {row.slug for row in task_list.confirmable}
    waiting = {RULES[RequestKind(r.kind)].check for r in requests if r.is_live}
    rows = [r for s in task_list.sections for r in s.rows]
    slugs = [r.slug for r in rows]
    start = slugs.index(after) + 1 if after in slugs else 0
    for row in rows[start:] + rows[:start]:
        if row.slug != after and _needs_officer(row, confirmable=confirmable, waiting=waiting):
            return _task_url(application, row.slug)
    if confirmable:
        return reverse("validation:tasks", args=[application.reference]) + "#confirm"
    return reverse("validation:decision", args=[application.reference])


def _task_url(application: PlanningApplication, slug: str) -> str:
    if slug == "requests":
        return reverse("validation:requests", args=[application.reference])
    if slug == "decision":
        return reverse("validation:decision", args=[application.reference])
    return reverse("validation:task", args=[application.reference, slug])


def _saved(request: HttpRequest, application: PlanningApplication, slug: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(_next_url(application, slug))


def _complete(
    request: HttpRequest, application: PlanningApplication, slug: str, form: Any, message: str
) -> HttpResponse | None:
    """Mark a task done and move on; None (with the refusal on `form`) when the service refuses."""
    try:
        services.validation_check_complete(
            council=request.council,  # type: ignore[attr-defined]
            application_id=application.pk,
            user=request.user,  # type: ignore[arg-type]
            slug=slug,
        )
    except DomainError as error:
        add_domain_error(form, error)
        return None
    return _saved(request, application, slug, message)


# --- The task list ------------------------------------------------------------------------------------------


def _task_list_context(request: HttpRequest, application: PlanningApplication, **extra: Any) -> dict[str, Any]:
    requests = selectors.requests_for(application=application)
    task_list = selectors.validation_task_list(application=application, requests=requests)
    found = evidence.confirm_evidence(
        application=application,
        slugs=[row.slug for row in task_list.confirmable],
        required=selectors.required_documents(application=application, requests=requests)
        if any(row.slug == "check-documents" for row in task_list.confirmable)
        else [],
        in_progress=[row.slug for row in task_list.confirmable if row.status == TaskStatus.IN_PROGRESS],
    )
    confirm_form = extra.pop("confirm_form", None) or forms.ConfirmForm(
        choices=[(row.slug, checks.CONFIRMABLE[row.slug]) for row in task_list.confirmable],
        # Ticked in advance only where the case's data supports it (issue 11, defect 7): the rest wait for the
        # officer, with the hint saying what to look at.
        initial={"checks": [row.slug for row in task_list.confirmable if found[row.slug].supports]},
    )
    confirm_field = govuk_field(
        confirm_form["checks"],
        fieldset={"legend": {"text": "Confirm these checks together", "classes": "govuk-fieldset__legend--s"}},
        hint={"text": "Each hint says what the application shows. Untick any you want to look at on its own page."},
        classes="govuk-checkboxes--small",
    )
    for item in confirm_field["items"]:
        item["hint"] = {"text": found[item["value"]].text}
    items = [
        {
            "title": row.title,
            "rows": [
                {
                    "title": {"text": task.title},
                    "hint": {"text": task.hint} if task.hint else None,
                    "href": _task_url(application, task.slug),
                    "status": task_status_tag(task.status),
                }
                for task in row.rows
            ],
        }
        for row in task_list.sections
    ]
    return _base(
        request,
        application,
        title=f"Check and validate {application.reference_in_full}",
        sections=items,
        task_list=task_list,
        confirm_form=confirm_form,
        confirm_field=confirm_field,
        requests=requests,
        live=[r for r in requests if r.is_live],
        updated=[r for r in requests if not r.officer_seen],
        overdue=selectors.invalid_overdue(application=application, requests=requests, today=timezone.localdate()),
        **extra,
    )


@role_required(*EVERYONE)
@require_GET
def tasks(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    return render_page(request, "validation/tasks.html", _task_list_context(request, application))


@role_required(*OFFICERS)
@require_POST
def confirm(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm together the checks that need no input: one submission instead of one page each."""
    application = _application(request, reference)
    requests = selectors.requests_for(application=application)
    task_list = selectors.validation_task_list(application=application, requests=requests)
    form = forms.ConfirmForm(
        request.POST, choices=[(r.slug, checks.CONFIRMABLE[r.slug]) for r in task_list.confirmable]
    )
    if form.is_valid():
        try:
            done = services.validation_checks_confirm(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                slugs=form.cleaned_data["checks"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{len(done)} check{'s' if len(done) != 1 else ''} confirmed.")
            return redirect(_next_url(application, None))
    context = _task_list_context(request, application, confirm_form=form)
    return render_page(request, "validation/tasks.html", context, status=400)


# --- One page per task --------------------------------------------------------------------------------------


def _yes(value: str | None) -> bool:
    return value == "yes"


def _review_documents(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    documents = selectors.current_documents(application=application)
    bound = request.method == "POST"
    pairs = [
        (
            document,
            forms.DocumentReviewForm(
                request.POST if bound else None,
                prefix=f"doc-{document.pk}",
                initial={
                    "valid": {"valid": "yes", "invalid": "no"}.get(document.validity),
                    "reason": document.invalid_reason,
                    "tags": ", ".join(document.tags),
                    "drawing_numbers": ", ".join(document.drawing_numbers),
                    "publishable": document.publishable,
                    "on_decision_notice": document.on_decision_notice,
                    "for_consultees": document.for_consultees,
                },
            ),
        )
        for document in documents
    ]
    if bound and all(form.is_valid() for _, form in pairs):
        reviews = [
            services.DocumentReview(
                document_id=document.pk,
                valid=_yes(form.cleaned_data["valid"]),
                reason=form.cleaned_data["reason"],
                tags=form.cleaned_data["tag_list"],
                drawing_numbers=form.cleaned_data["drawing_number_list"],
                publishable=form.cleaned_data["publishable"],
                on_decision_notice=form.cleaned_data["on_decision_notice"],
                for_consultees=form.cleaned_data["for_consultees"],
            )
            for document, form in pairs
        ]
        try:
            made = services.documents_review(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                reviews=reviews,
            )
        except DomainError as error:
            target = next(
                (f for d, f in pairs if error.field and error.field.startswith(f"document-{d.pk}-")), pairs[0][1]
            )
            name = (error.field or "").rsplit("-", 1)[-1]
            target.add_error(name if name in target.fields else None, error.message)
        else:
            asked = f" {len(made)} replacement request{'s' if len(made) != 1 else ''} made." if made else ""
            return _saved(request, application, "review-documents", f"Documents reviewed.{asked}")
    summary = [item for _, form in pairs if (s := _summary(form)) for item in s]
    context = _base(
        request,
        application,
        title="Review documents",
        pairs=pairs,
        summary={"titleText": "There is a problem", "errorList": summary} if summary else None,
        page_has_errors=bool(summary),
    )
    return render_page(request, "validation/task_review_documents.html", context, status=400 if bound else 200)


def _summary(form: Any) -> list[dict[str, str]]:
    from bops.core.govuk import error_summary

    found = error_summary(form)
    return found["errorList"] if found else []


def _check_documents(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    requests = selectors.requests_for(application=application)
    required = selectors.required_documents(application=application, requests=requests)
    missing = [(r.value, r.description) for r in required if not r.present and not r.requested]
    form = forms.DocumentsRequestForm(
        request.POST if request.method == "POST" else None,
        choices=missing,
        initial={"wanted": [value for value, _ in missing]},
    )
    if request.method == "POST" and form.is_valid():
        labels = dict(missing)
        try:
            made = services.documents_request(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                wanted=[labels.get(w, w) for w in form.cleaned_data["wanted_all"]],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            text = (
                f"{len(made)} document request{'s' if len(made) != 1 else ''} made." if made else "Documents checked."
            )
            return _saved(request, application, "check-documents", text)
    context = _base(
        request,
        application,
        title="Check and request documents",
        form=form,
        required=required,
        documents=selectors.current_documents(application=application),
        document_requests=[r for r in requests if r.kind == RequestKind.ADDITIONAL_DOCUMENT],
    )
    return render_page(request, "validation/task_check_documents.html", context, status=400 if form.is_bound else 200)


def _boundary(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    has_boundary = bool(application.boundary)
    form = forms.BoundaryForm(request.POST if request.method == "POST" else None, has_boundary=has_boundary)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.boundary_check(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                valid=_yes(data.get("valid")),
                proposed=(data.get("boundary") or "").strip() or None,
                reason=data.get("reason") or "",
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _saved(
                request,
                application,
                "boundary",
                "Boundary change requested." if made else "Red line boundary checked.",
            )
    context = _base(
        request,
        application,
        title="Check red line boundary",
        form=form,
        centre=(application.latitude, application.longitude)
        if application.latitude is not None
        else map_centre(council=application.council),
        map_points=map_points_for(application=application),
    )
    return render_page(request, "validation/task_boundary.html", context, status=400 if form.is_bound else 200)


def _constraints(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    choices = sorted(CONSTRAINTS.items(), key=lambda item: item[1])
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = forms.ConstraintAddForm(request.POST if action == "add" else None, choices=choices)
    done = (
        _complete(request, application, "constraints", add_form, "Constraints checked.")
        if action == "confirm"
        else None
    )
    if done:
        return done
    if action == "add" and add_form.is_valid():
        code = add_form.cleaned_data["code"]
        try:
            services.constraint_add(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                code=code,
                description=CONSTRAINTS.get(code, code),
                reason=add_form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(add_form, error)
        else:
            messages.success(request, f"{CONSTRAINTS.get(code, code)} added.")
            return redirect("validation:task", reference=application.reference, slug="constraints")
    constraints = list(selectors.constraints_of(application=application))
    context = _base(
        request,
        application,
        title="Check constraints",
        add_form=add_form,
        current=[c for c in constraints if c.removed_at is None],
        removed=[c for c in constraints if c.removed_at is not None],
    )
    return render_page(request, "validation/task_constraints.html", context, status=400 if add_form.is_bound else 200)


def _description(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    form = forms.DescriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.description_check(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                valid=_yes(data["valid"]),
                proposed=data.get("proposed") or "",
                reason=data.get("reason") or "",
                needs_approval=data.get("needs_approval") != "no",
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if made is None:
                text = "Description checked."
            elif made.state == RequestState.CLOSED:
                text = "Description changed. The applicant has been told."
            else:
                text = "Description change requested."
            return _saved(request, application, "description", text)
    context = _base(request, application, title="Check description", form=form)
    return render_page(request, "validation/task_description.html", context, status=400 if form.is_bound else 200)


def _change_request_task(slug: str, title: str, template: str) -> Handler:
    def handle(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
        form = forms.ChangeRequestForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                made = services.simple_check(
                    council=request.council,  # type: ignore[attr-defined]
                    application_id=application.pk,
                    user=request.user,  # type: ignore[arg-type]
                    slug=slug,
                    valid=_yes(data["valid"]),
                    reason=data.get("reason") or "",
                    suggestion=data.get("suggestion") or "",
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return _saved(request, application, slug, "Change requested." if made else f"{title} done.")
        details = submitted_details_for(application=application)
        context = _base(request, application, title=title, form=form, details=details)
        return render_page(request, template, context, status=400 if form.is_bound else 200)

    return handle


def _reporting(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    choices = selectors.development_type_choices(application=application)
    form = forms.ReportingForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"development_type": application.development_type or (choices[0][0] if len(choices) == 1 else None)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_set(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                development_type=form.cleaned_data["development_type"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _saved(request, application, "reporting", "Reporting details saved.")
    context = _base(request, application, title="Add reporting details", form=form)
    return render_page(request, "validation/task_simple.html", context, status=400 if form.is_bound else 200)


def _cil(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    initial = {None: None, True: "yes", False: "no"}[application.cil_liable]
    form = forms.CilForm(request.POST if request.method == "POST" else None, initial={"liable": initial})
    if request.method == "POST" and form.is_valid():
        services.cil_set(
            council=request.council,  # type: ignore[attr-defined]
            application_id=application.pk,
            user=request.user,  # type: ignore[arg-type]
            liable=_yes(form.cleaned_data["liable"]),
        )
        return _saved(request, application, "cil", "CIL liability saved.")
    context = _base(request, application, title="Confirm Community Infrastructure Levy (CIL)", form=form)
    return render_page(request, "validation/task_simple.html", context, status=400 if form.is_bound else 200)


def _eia(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    initial = {None: None, True: "yes", False: "no"}[application.eia_required]
    form = forms.EiaForm(request.POST if request.method == "POST" else None, initial={"required": initial})
    if request.method == "POST" and form.is_valid():
        updated = services.eia_set(
            council=request.council,  # type: ignore[attr-defined]
            application_id=application.pk,
            user=request.user,  # type: ignore[arg-type]
            required=_yes(form.cleaned_data["required"]),
        )
        from bops.core.dates import format_date

        return _saved(
            request, application, "eia", f"EIA saved. The statutory date is {format_date(updated.statutory_date)}."
        )
    context = _base(request, application, title="Check Environmental Impact Assessment (EIA)", form=form)
    return render_page(request, "validation/task_simple.html", context, status=400 if form.is_bound else 200)


def _other_requests(request: HttpRequest, application: PlanningApplication) -> HttpResponse:
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.OtherRequestForm(request.POST if action == "request" else None)
    done = _complete(request, application, "other-requests", form, "Other requests done.") if action == "done" else None
    if done:
        return done
    if action == "request" and form.is_valid():
        try:
            services.validation_request_create(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                new=services.NewRequest(
                    kind=RequestKind.OTHER_CHANGE,
                    reason=form.cleaned_data["reason"],
                    suggestion=form.cleaned_data["suggestion"],
                ),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Request made.")
            return redirect("validation:task", reference=application.reference, slug="other-requests")
    requests = [r for r in selectors.requests_for(application=application) if r.kind == RequestKind.OTHER_CHANGE]
    context = _base(request, application, title="Other validation requests", form=form, other_requests=requests)
    return render_page(request, "validation/task_other_requests.html", context, status=400 if form.is_bound else 200)


HANDLERS: dict[str, Handler] = {
    "review-documents": _review_documents,
    "check-documents": _check_documents,
    "boundary": _boundary,
    "constraints": _constraints,
    "description": _description,
    "fee": _change_request_task("fee", "Check fee", "validation/task_fee.html"),
    "ownership": _change_request_task("ownership", "Check ownership certificate", "validation/task_ownership.html"),
    "reporting": _reporting,
    "cil": _cil,
    "eia": _eia,
    "other-requests": _other_requests,
}


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "errors/page.html", {"title": "Page not found", "message": message}, status=404)


def _closed(request: HttpRequest, application: PlanningApplication) -> HttpResponse | None:
    if application.status in CLOSED or application.status == Status.PENDING:
        return render_page(
            request,
            "validation/closed.html",
            _base(request, application, title="Validation is not open"),
            status=409,
        )
    return None


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, reference: str, slug: str) -> HttpResponse:
    application = _application(request, reference)
    handler = HANDLERS.get(slug)
    if handler is None or slug not in checks.task_slugs(application.application_type.family):
        return _not_found(request, "This case has no such validation task.")
    return _closed(request, application) or handler(request, application)


# --- Requests -----------------------------------------------------------------------------------------------


@role_required(*EVERYONE)
@require_GET
def requests(request: HttpRequest, reference: str) -> HttpResponse:
    """Every request with its state and answer. Opening it marks the answers as seen."""
    application = _application(request, reference)
    items = selectors.requests_for(application=application)
    context = _base(request, application, title="Validation requests", items=items, rules=RULES)
    response = render_page(request, "validation/requests.html", context)
    if request.user.is_officer and any(not r.officer_seen for r in items):  # type: ignore[union-attr]
        services.validation_requests_seen(
            council=request.council,  # type: ignore[attr-defined]
            application_id=application.pk,
            user=request.user,  # type: ignore[arg-type]
        )
    return response


@role_required(*EVERYONE)
@require_GET
def request_detail(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    application = _application(request, reference)
    item = selectors.request_get(application=application, request_id=request_id)
    if item is None:
        return _not_found(request, "There is no such request on this case.")
    area = None
    if item.kind == RequestKind.BOUNDARY_CHANGE and item.proposed:
        area = parse_boundary(item.proposed).area_m2
    context = _base(
        request,
        application,
        title=f"Request {item.sequence}",
        item=item,
        rule=RULES[RequestKind(item.kind)],
        proposed_area=area,
    )
    return render_page(request, "validation/request.html", context)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    closed = _closed(request, application)
    if closed:
        return closed
    documents = [(str(d.pk), d.name) for d in selectors.current_documents(application=application)]
    form = forms.NewRequestForm(
        request.POST if request.method == "POST" else None,
        kinds=kinds_allowed(application.status),
        documents=documents,
        initial={"kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = RequestKind(data["kind"])
        proposed: Any = data.get("proposed") or ""
        if kind == RequestKind.TIME_EXTENSION:
            proposed = data.get("proposed_date")
        try:
            made = services.validation_request_create(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                new=services.NewRequest(
                    kind=kind,
                    reason=data["reason"],
                    suggestion=data.get("suggestion") or "",
                    document_id=int(data["document"]) if data.get("document") else None,
                    document_type=data.get("document_type") or "",
                    proposed=proposed,
                ),
            )
        except DomainError as error:
            field = {"proposed": "proposed_date" if kind == RequestKind.TIME_EXTENSION else "proposed"}.get(
                error.field or "", error.field
            )
            add_domain_error(form, DomainError(error.message, field=field))
        else:
            sent = "sent to the applicant" if made.state == RequestState.OPEN else "ready to send with the invalidation"
            messages.success(request, f"Request {made.sequence} made: {sent}.")
            return redirect("validation:requests", reference=application.reference)
    context = _base(request, application, title="Make a request to the applicant", form=form)
    return render_page(request, "validation/request_new.html", context, status=400 if form.is_bound else 200)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def request_cancel(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    application = _application(request, reference)
    item = selectors.request_get(application=application, request_id=request_id)
    if item is None:
        return _not_found(request, "There is no such request on this case.")
    form = forms.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.validation_request_cancel(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                request_id=item.pk,
                user=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Request {item.sequence} cancelled.")
            return redirect("validation:requests", reference=application.reference)
    context = _base(request, application, title=f"Cancel request {item.sequence}", form=form, item=item)
    return render_page(request, "validation/request_cancel.html", context, status=400 if form.is_bound else 200)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def constraint_remove(request: HttpRequest, reference: str, constraint_id: int) -> HttpResponse:
    application = _application(request, reference)
    constraint = (
        selectors.constraints_of(application=application).filter(pk=constraint_id, removed_at__isnull=True).first()
    )
    if constraint is None:
        return _not_found(request, "That constraint is not on this case.")
    form = forms.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.constraint_remove(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                constraint_id=constraint.pk,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{constraint.description} removed.")
            return redirect("validation:task", reference=application.reference, slug="constraints")
    context = _base(request, application, title=f"Remove {constraint.description}", form=form, constraint=constraint)
    return render_page(request, "validation/constraint_remove.html", context, status=400 if form.is_bound else 200)


# --- The decision -------------------------------------------------------------------------------------------


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    council = request.council  # type: ignore[attr-defined]
    suggested = services.suggested_valid_from(application)
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.ValidateForm(
        request.POST if action == "validate" else None,
        initial={"valid_from": suggested.strftime("%d/%m/%Y")},
    )
    invalidate_error = None
    if action == "validate" and form.is_valid():
        try:
            services.application_validate(
                council=council,
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                valid_from=form.cleaned_data["valid_from"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, "The application is valid. The applicant and agent have been sent the validation notice."
            )
            return redirect("applications:case", reference=reference)
    elif action == "invalidate":
        try:
            services.application_invalidate(council=council, application_id=application.pk, user=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            invalidate_error = error.message
        else:
            messages.success(
                request, "The application is invalid. The applicant and agent have been sent the requests."
            )
            return redirect("validation:tasks", reference=reference)
    requests = selectors.requests_for(application=application)
    task_list = selectors.validation_task_list(application=application, requests=requests)
    role = request.user.role  # type: ignore[union-attr]
    context = _base(
        request,
        application,
        title="Send validation decision",
        form=form,
        suggested=suggested,
        latest=services.latest_valid_from(),
        today=timezone.localdate(),
        pending=[r for r in requests if r.state == RequestState.PENDING],
        open_requests=[r for r in requests if r.state == RequestState.OPEN and not r.post_validation],
        incomplete=[
            row
            for s in task_list.sections
            for row in s.rows
            if row.status != TaskStatus.COMPLETED and row.slug not in checks.DERIVED
        ],
        validate_refusal=None
        if application.status in (Status.NOT_STARTED, Status.INVALIDATED)
        else refusal(TRANSITIONS[Event.VALIDATE], application, role),
        can_invalidate=application.status == Status.NOT_STARTED,
        invalidate_error=invalidate_error,
        page_has_errors=bool(invalidate_error) or bool(form.errors),
    )
    status = 400 if (form.is_bound or invalidate_error) else 200
    return render_page(request, "validation/decision.html", context, status=status)
