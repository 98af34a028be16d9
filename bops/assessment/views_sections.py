"""The officer's assessment pages: the task list, one page per report section, site history, site visit,
policies, conditions, informatives, heads of terms and CIL (the recommendation and the report are
views_recommendation.py).

Views are thin: they bind forms, call one service, and move on. Saving a task goes to the next required task that
is not done (navigation.py), so an officer walks the list without coming back to it.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.permissions import EVERYONE, OFFICERS, role_required
from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.assessment import checks, forms, navigation, selectors, services
from bops.consultation.selectors_comments import consultation_summary
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.tasklist import task_status_tag
from bops.core.views import render_page
from bops.documents.services import Upload


def _application(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


def _who(request: HttpRequest, application: PlanningApplication) -> dict[str, Any]:
    return {"council": request.council, "application_id": application.pk, "user": request.user}  # type: ignore[attr-defined]


def _base(request: HttpRequest, application: PlanningApplication, **extra: Any) -> dict[str, Any]:
    return {"application": application, "active_nav": "cases", "can_work": request.user.is_officer, **extra}  # type: ignore[union-attr]


def _has_task(application: PlanningApplication, slug: str) -> None:
    spec = application.application_type
    if slug not in checks.task_slugs(spec.family, code=spec.code):
        raise Http404("This case has no such assessment task.")


def _saved(request: HttpRequest, application: PlanningApplication, slug: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(navigation.next_url(application, slug))


def _here(application: PlanningApplication, slug: str, message: str, request: HttpRequest) -> HttpResponse:
    messages.success(request, message)
    return redirect(navigation.task_url(application, slug))


def _complete(request: HttpRequest, application: PlanningApplication, slug: str, form: Any) -> HttpResponse | None:
    try:
        services.task_complete(**_who(request, application), slug=slug)
    except DomainError as error:
        add_domain_error(form, error)
        return None
    return _saved(request, application, slug, "Task completed.")


# --- The task list ------------------------------------------------------------------------------------------


def _hint(row: selectors.Row) -> str:
    if row.required:
        return row.hint
    return f"Optional. {row.hint}" if row.hint else "Optional"


@role_required(*EVERYONE)
@require_GET
def tasks(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    task_list = selectors.assessment_task_list(application=application)
    sections = [
        {
            "title": section.title,
            "rows": [
                {
                    "title": {"text": row.title},
                    "hint": {"text": _hint(row)} if _hint(row) else None,
                    "href": navigation.task_url(application, row.slug),
                    "status": task_status_tag(row.status),
                }
                for row in section.rows
            ],
        }
        for section in task_list.sections
    ]
    context = _base(
        request,
        application,
        title=f"Check and assess {application.reference_in_full}",
        sections=sections,
        task_list=task_list,
        recommendation=selectors.latest_recommendation(application=application),
    )
    return render_page(request, "assessment/tasks.html", context)


# --- Text sections ------------------------------------------------------------------------------------------


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, reference: str, slug: str) -> HttpResponse:
    application = _application(request, reference)
    _has_task(application, slug)
    spec = application.application_type
    task = checks.task_by_slug(spec.family, slug, code=spec.code)
    versions = selectors.section_versions(application=application, slug=slug)
    latest = versions[0] if versions else None
    form = forms.SectionForm(
        request.POST if request.method == "POST" else None, initial={"text": latest.text if latest else ""}
    )
    if form.is_bound and form.is_valid():
        complete = request.POST.get("action") != "draft"
        try:
            services.section_save(
                **_who(request, application), slug=slug, text=form.cleaned_data["text"], complete=complete
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if complete:
                return _saved(request, application, slug, f"{task.title} saved.")  # type: ignore[union-attr]
            return _here(application, slug, f"{task.title} saved as a draft.", request)
    context = _base(
        request,
        application,
        title=task.title,  # type: ignore[union-attr]
        form=form,
        latest=latest,
        earlier=versions[1:] if latest and latest.review == "pending" else versions,
        counts=consultation_summary(application) if slug in checks.WITH_CONSULTATION_COUNTS else None,
    )
    return render_page(request, "assessment/section.html", context, status=400 if form.is_bound else 200)


# --- Site history and site visit ----------------------------------------------------------------------------


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def site_history(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    slug = checks.SITE_HISTORY.slug
    _has_task(application, slug)
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.SiteHistoryForm(request.POST if action == "add" else None)
    import_form = forms.SiteHistoryImportForm(
        request.POST if action == "import" else None, request.FILES if action == "import" else None
    )
    if action == "complete" and (done := _complete(request, application, slug, form)):
        return done
    if action == "import" and import_form.is_valid():
        try:
            count = services.site_history_import(
                **_who(request, application), csv_text=import_form.cleaned_data["file"]
            )
        except DomainError as error:
            add_domain_error(import_form, error)
        else:
            return _here(application, slug, f"{count} earlier applications imported.", request)
    if action == "add" and form.is_valid():
        try:
            services.site_history_add(**_who(request, application), entry=services.HistoryEntry(**form.cleaned_data))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _here(application, slug, "Earlier application added.", request)
    context = _base(
        request,
        application,
        title=checks.SITE_HISTORY.title,
        form=form,
        import_form=import_form,
        items=application.site_history.all(),
    )
    return render_page(request, "assessment/site_history.html", context, status=400 if action else 200)


@role_required(*OFFICERS)
@require_POST
def site_history_remove(request: HttpRequest, reference: str, history_id: int) -> HttpResponse:
    application = _application(request, reference)
    try:
        services.site_history_remove(**_who(request, application), history_id=history_id)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assessment:site-history", reference=reference)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def site_visit(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    slug = checks.SITE_VISIT.slug
    _has_task(application, slug)
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.SiteVisitForm(request.POST if action == "add" else None, request.FILES if action == "add" else None)
    if action == "complete" and (done := _complete(request, application, slug, form)):
        return done
    if action == "add" and form.is_valid():
        data = form.cleaned_data
        # Read up to one byte past the limit: enough for the service to refuse a photo as too big.
        limit = settings.DOCUMENT_MAX_BYTES + 1
        photos = [
            Upload(name=f.name or "", content=f.read(limit), declared_type=f.content_type) for f in data["photos"]
        ]
        try:
            services.site_visit_add(
                **_who(request, application), visited_on=data["visited_on"], notes=data["notes"], photos=photos
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _here(application, slug, "Site visit recorded.", request)
    visits = application.site_visits.select_related("officer").prefetch_related("photos").order_by("-visited_on")
    context = _base(request, application, title=checks.SITE_VISIT.title, form=form, items=visits)
    return render_page(request, "assessment/site_visit.html", context, status=400 if action else 200)


# --- Policies -----------------------------------------------------------------------------------------------


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def policies(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    slug = checks.POLICIES.slug
    _has_task(application, slug)
    action = request.POST.get("action") if request.method == "POST" else None
    library = selectors.library_policies_to_add(application=application)
    add_form = forms.PolicyAddForm(
        request.POST if action == "add" else None, choices=[(str(p.pk), str(p)) for p in library]
    )
    summary = next(iter(selectors.section_versions(application=application, slug=slug)), None)
    form = forms.PoliciesForm(
        request.POST if action == "assess" else None,
        assessments=selectors.policy_assessments(application=application),
        initial={"summary": summary.text if summary else ""},
    )
    if action == "add" and add_form.is_valid():
        try:
            services.policy_add(**_who(request, application), policy_id=int(add_form.cleaned_data["policy"]))
        except DomainError as error:
            add_domain_error(add_form, error)
        else:
            return _here(application, slug, "Policy added.", request)
    if action == "assess" and form.is_valid():
        answers = [services.PolicyAnswer(pk, outcome, comment) for pk, outcome, comment in form.answers()]
        try:
            services.policies_assess(
                **_who(request, application), answers=answers, summary=form.cleaned_data["summary"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _saved(request, application, slug, "Assessment against policies saved.")
    context = _base(
        request,
        application,
        title=checks.POLICIES.title,
        form=add_form if action == "add" else form,
        add_form=add_form,
        policies_form=form,
        library_empty=not library and not form.assessments,
        returned=summary if summary and summary.review == "returned" else None,
    )
    return render_page(request, "assessment/policies.html", context, status=400 if action else 200)


@role_required(*OFFICERS)
@require_POST
def policy_remove(request: HttpRequest, reference: str, assessment_id: int) -> HttpResponse:
    application = _application(request, reference)
    try:
        services.policy_remove(**_who(request, application), assessment_id=assessment_id)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assessment:policies", reference=reference)


# --- Conditions and informatives ----------------------------------------------------------------------------


def _library_id(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def conditions(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    slug = checks.CONDITIONS.slug
    _has_task(application, slug)
    library = selectors.library_conditions(application=application)
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.ConditionForm(
        request.POST if action == "add" else None, choices=[(str(c.pk), c.title) for c in library]
    )
    if action == "complete" and (done := _complete(request, application, slug, form)):
        return done
    if action == "add" and form.is_valid():
        data = form.cleaned_data
        new = services.NewCondition(
            text=data["text"],
            reason=data["reason"],
            title=data["title"],
            pre_commencement=data["pre_commencement"] == "yes",
            library_id=_library_id(data["library"]),
        )
        try:
            condition = services.condition_add(**_who(request, application), new=new)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            asked = " The applicant is asked to agree it." if condition.validation_request_id else ""
            return _here(application, slug, f"Condition added.{asked}", request)
    context = _base(
        request,
        application,
        title=checks.CONDITIONS.title,
        form=form,
        items=application.conditions.select_related("validation_request"),
    )
    return render_page(request, "assessment/conditions.html", context, status=400 if action else 200)


@role_required(*OFFICERS)
@require_POST
def condition_remove(request: HttpRequest, reference: str, condition_id: int) -> HttpResponse:
    application = _application(request, reference)
    try:
        services.condition_remove(**_who(request, application), condition_id=condition_id)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assessment:conditions", reference=reference)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def informatives(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    slug = checks.INFORMATIVES.slug
    _has_task(application, slug)
    library = selectors.library_informatives(application=application)
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.InformativeForm(
        request.POST if action == "add" else None, choices=[(str(i.pk), i.title) for i in library]
    )
    if action == "complete" and (done := _complete(request, application, slug, form)):
        return done
    if action == "add" and form.is_valid():
        data = form.cleaned_data
        try:
            services.informative_add(
                **_who(request, application),
                title=data["title"],
                text=data["text"],
                library_id=_library_id(data["library"]),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _here(application, slug, "Informative added.", request)
    context = _base(
        request, application, title=checks.INFORMATIVES.title, form=form, items=application.informatives.all()
    )
    return render_page(request, "assessment/informatives.html", context, status=400 if action else 200)


@role_required(*OFFICERS)
@require_POST
def informative_remove(request: HttpRequest, reference: str, informative_id: int) -> HttpResponse:
    application = _application(request, reference)
    try:
        services.informative_remove(**_who(request, application), informative_id=informative_id)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assessment:informatives", reference=reference)


# --- Heads of terms -----------------------------------------------------------------------------------------


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def heads_of_terms(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    slug = checks.HEADS_OF_TERMS.slug
    _has_task(application, slug)
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.TermForm(request.POST if action == "add" else None)
    if action == "complete" and (done := _complete(request, application, slug, form)):
        return done
    if action == "add" and form.is_valid():
        try:
            services.heads_of_terms_add(**_who(request, application), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _here(application, slug, "Term added.", request)
    if action == "send":
        try:
            sent = services.heads_of_terms_send(**_who(request, application))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _saved(request, application, slug, f"{len(sent)} heads of terms sent to the applicant to agree.")
    context = _base(
        request,
        application,
        title=checks.HEADS_OF_TERMS.title,
        form=form,
        items=selectors.heads_of_terms(application=application),
    )
    return render_page(request, "assessment/heads_of_terms.html", context, status=400 if action else 200)


@role_required(*OFFICERS)
@require_POST
def heads_of_terms_remove(request: HttpRequest, reference: str, position: int) -> HttpResponse:
    application = _application(request, reference)
    try:
        services.heads_of_terms_remove(**_who(request, application), position=position)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assessment:heads-of-terms", reference=reference)


# --- CIL ----------------------------------------------------------------------------------------------------


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def cil(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm the CIL liability recorded at validation (planning permission)."""
    application = _application(request, reference)
    slug = checks.CIL.slug
    _has_task(application, slug)
    initial = {None: None, True: "yes", False: "no"}[application.cil_liable]
    form = forms.CilForm(request.POST if request.method == "POST" else None, initial={"liable": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.cil_confirm(**_who(request, application), liable=form.cleaned_data["liable"] == "yes")
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _saved(request, application, slug, "CIL liability confirmed.")
    context = _base(request, application, title=checks.CIL.title, form=form)
    return render_page(request, "assessment/cil.html", context, status=400 if form.is_bound else 200)
