"""The public register, on the council's subdomain, for anyone and with no sign-in (DMPO 2015 art. 40): the search
of every application received, a map of them, the same search as CSV, Atom feeds, a case's page with its published
documents and redacted comments, and the comment form while the case takes comments.

Public pages may be cached for a minute; the comment form, which carries a form token, never is. What a page shows
never depends on who is signed in: the register's layout has no officers' navigation or messages.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from bops.applications.models import PlanningApplication
from bops.consultation import comments
from bops.consultation.forms_comments import CommentForm
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.maps.selectors import map_points_for
from bops.register import export, feeds, pages, selectors
from bops.register.search import DateType, QueryError, RegisterQuery, register_query_parse, register_search
from bops.register.status import Label

# Shown in the browser; anything else is downloaded, so no uploaded file runs as a page on the council's domain.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif"}
PUBLIC_MAX_AGE = 60

View = Callable[..., HttpResponseBase]


def public(view: View) -> View:
    """A page anyone may read: cached for a minute by browsers and proxies (a register is not live to the second).

    A request with cookies (a signed-in officer's session) is answered `private`: its response may carry the
    session's Set-Cookie, which a shared cache must never keep and hand to someone else."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
            shared = "private" if request.COOKIES else "public"
            response["Cache-Control"] = f"{shared}, max-age={PUBLIC_MAX_AGE}"
        return response

    return wrapped


def _council(request: HttpRequest) -> Any:
    return getattr(request, "council", None)


def not_found(request: HttpRequest) -> HttpResponse:
    context = {"title": "Page not found"}
    return render_page(request, "register/not_found.html", context, status=404)


# --- The search: the page, the map and the CSV share one reading of the query string ----------------------------

_ERROR_FIELDS = {
    "query": "query",
    "q": "query",
    "reference": "query",
    "description": "query",
    "applicationType": "applicationType",
    "applicationStatus": "applicationStatus",
    "councilDecision": "councilDecision",
    "dateType": "dateType",
    "from": "from",
    "to": "to",
    "sort": "sort",
    "sortBy": "sort",
    "orderBy": "sort",
    **{f"{d}From": "from" for d in DateType},
    **{f"{d}To": "to" for d in DateType},
}
_ERROR_NAMES = {
    "query": "The search",
    "q": "The search",
    "reference": "The reference",
    "description": "The description",
    "page": "The page number",
    "maxresults": "The number of results on a page",
    "applicationType": "Application type",
    "applicationStatus": "Status",
    "councilDecision": "Decision",
    "dprFilter": "The quick filter",
    "sortBy": "The order",
    "orderBy": "The order",
}


def _error_text(error: QueryError) -> str:
    name = error.parameter
    if name in ("from", "to", "dateType", "sort"):
        return error.message
    if name.endswith("From") or name.endswith("To"):
        end = "start" if name.endswith("From") else "end"
        if "on or after" in error.message:
            return "The end date must be the same as or after the start date"
        return f"The {end} date {error.message}"
    label = _ERROR_NAMES.get(name, name)
    return f"{label}: {error.message}" if error.message.startswith("“") else f"{label} {error.message}"


def _search_context(request: HttpRequest) -> tuple[dict[str, Any], RegisterQuery | None, QueryDict]:
    """The form as sent, the query (None when a parameter is wrong, with the error in the context) and the DPR
    parameters for links."""
    council = _council(request)
    choices = pages.register_type_choices(council=council)
    form = pages.search_form(request.GET)
    context: dict[str, Any] = {
        "form": form,
        "types": choices.active,
        "statuses": pages.STATUS_CHOICES,
        "decisions": pages.DECISION_CHOICES,
        "date_types": pages.DATE_TYPES,
        "sorts": pages.SORTS,
        "errors": {},
        "error_list": [],
        "page_has_errors": False,
        "csv_limit": pages.CSV_LIMIT,
        "map_limit": pages.MAP_LIMIT,
        "local_day": pages.local_day,
    }
    params = QueryDict(mutable=True)
    try:
        params = pages.search_params(request.GET)
        query = register_query_parse(params, type_codes=choices.codes, default_per_page=pages.PER_PAGE, max_per_page=50)
    except QueryError as error:
        text = _error_text(error)
        target = _ERROR_FIELDS.get(error.parameter)
        context["errors"] = {target: text} if target else {}
        context["error_list"] = [{"text": text, "href": f"#{_anchor(target)}"} if target else {"text": text}]
        context["page_has_errors"] = True
        return context, None, params
    context["params"] = params
    context["csv_link"] = f"{reverse('register:export')}?{pages.link_params(params, page='')}"
    context["map_link"] = f"{reverse('register:map')}?{pages.link_params(params, page='')}"
    context["list_link"] = f"{reverse('register:search')}?{pages.link_params(params, page='')}"
    return context, query, params


def _anchor(target: str) -> str:
    """The element an error links to: a date input's first box, a group's first checkbox, else the field."""
    if target in ("from", "to"):
        return f"{target}-day"
    return target


def _pagination(params: QueryDict, current: int, pages_count: int) -> dict[str, Any] | None:
    if pages_count <= 1:
        return None
    base = reverse("register:search")

    def href(n: int) -> str:
        return f"{base}?{pages.link_params(params, page=n if n > 1 else '')}"

    shown = sorted({1, pages_count, *range(max(1, current - 2), min(pages_count, current + 2) + 1)})
    items: list[dict[str, Any]] = []
    for index, n in enumerate(shown):
        if index and n - shown[index - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": n, "href": href(n), "current": n == current})
    return {
        "previous": {"href": href(current - 1)} if 1 < current <= pages_count else None,
        "next": {"href": href(current + 1)} if current < pages_count else None,
        "items": items if current <= pages_count else [],
        "landmarkLabel": "Pages of results",
    }


@public
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Every application on the register, searched, filtered, sorted and paged; a wrong parameter is a 400 with
    the error summary and the form as typed."""
    council = _council(request)
    if council is None:
        return not_found(request)
    context, query, params = _search_context(request)
    context["title"] = "Planning applications"
    if query is None:
        return render_page(request, "register/search.html", context, status=400)
    results = register_search(council=council, query=query, today=timezone.localdate())
    for row in results.rows:
        row.application.council = council
    context.update(
        results=results,
        query=query,
        pagination=_pagination(params, query.page, results.total_pages),
        tag_classes=TAG_CLASSES,
    )
    return render_page(request, "register/search.html", context)


# The GOV.UK tag colour of each status label.
TAG_CLASSES = {
    Label.SUBMITTED: "govuk-tag--grey",
    Label.RETURNED: "govuk-tag--grey",
    Label.CONSULTATION: "govuk-tag--blue",
    Label.ASSESSMENT: "govuk-tag--light-blue",
    Label.DETERMINED: "govuk-tag--green",
    Label.WITHDRAWN: "govuk-tag--grey",
    Label.APPEAL_LODGED: "govuk-tag--yellow",
    Label.APPEAL_VALIDATED: "govuk-tag--yellow",
    Label.APPEAL_IN_PROGRESS: "govuk-tag--orange",
    Label.APPEAL_DECIDED: "govuk-tag--purple",
}


@public
@require_GET
def applications_map(request: HttpRequest) -> HttpResponse:
    """The newest applications matching the search on a map, with the same applications as a plain list."""
    council = _council(request)
    if council is None:
        return not_found(request)
    context, query, _ = _search_context(request)
    context.update(title="Map of planning applications")
    if query is None:
        return render_page(request, "register/map.html", context, status=400)
    context["map"] = pages.register_map(council=council, query=query, today=timezone.localdate(), limit=pages.MAP_LIMIT)
    return render_page(request, "register/map.html", context)


@public
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The search as a CSV file, every matching row up to pages.CSV_LIMIT."""
    council = _council(request)
    if council is None:
        return not_found(request)
    context, query, _ = _search_context(request)
    if query is None:
        context["title"] = "Planning applications"
        return render_page(request, "register/search.html", context, status=400)
    today = timezone.localdate()

    def link(reference: str) -> str:
        return request.build_absolute_uri(reverse("register:application", args=[reference]))

    text, rows = export.register_csv(council=council, query=query, today=today, link=link, limit=pages.CSV_LIMIT)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{council.subdomain}-planning-applications-{today}.csv"'
    response["X-Rows"] = str(rows)
    response["X-Rows-Limit"] = str(pages.CSV_LIMIT)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _atom(request: HttpRequest, build: Callable[..., Any]) -> HttpResponse:
    council = _council(request)
    if council is None:
        return not_found(request)
    feed = build(request, council=council)
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response


@public
@require_GET
def feed_new(request: HttpRequest) -> HttpResponse:
    return _atom(request, feeds.new_applications_feed)


@public
@require_GET
def feed_decisions(request: HttpRequest) -> HttpResponse:
    return _atom(request, feeds.decisions_feed)


# --- A case ------------------------------------------------------------------------------------------------------


def _case(request: HttpRequest, reference: str) -> PlanningApplication | None:
    return pages.register_case_get(council=_council(request), reference=reference)


@public
@require_GET
def application(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if case is None:
        return not_found(request)
    page = pages.register_case_page(application=case, today=timezone.localdate())
    context = {
        "title": f"{case.reference_in_full}: {case.address}",
        "page": page,
        "application": case,
        "map_points": map_points_for(application=case),
        "tag_classes": TAG_CLASSES,
        "local_day": pages.local_day,
    }
    return render_page(request, "register/application.html", context)


@public
@require_GET
def document(request: HttpRequest, reference: str, document_id: int) -> HttpResponseBase:
    case = _case(request, reference)
    doc = selectors.register_document_get(application=case, document_id=document_id) if case else None
    if doc is None:
        return not_found(request)
    response = FileResponse(
        doc.file.open("rb"),
        content_type=doc.content_type,
        filename=doc.name,
        as_attachment=doc.content_type not in INLINE_TYPES,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def _comment_page(
    request: HttpRequest, case: PlanningApplication, form: CommentForm, status: int = 200
) -> HttpResponse:
    context = {"title": "Comment on this application", "application": case, "form": form}
    return render_page(request, "register/comment.html", context, status=status)


def _closed(request: HttpRequest, case: PlanningApplication, status: int = 200) -> HttpResponse:
    context = {"title": "Comments are closed", "application": case}
    return render_page(request, "register/comments_closed.html", context, status=status)


@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, reference: str) -> HttpResponse:
    """The comment form, never cached (it carries a form token). A closed case says so; too many comments from
    one sender get 429 and are not stored."""
    response = _comment(request, reference)
    add_never_cache_headers(response)
    return response


def _comment(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if case is None:
        return not_found(request)
    if not comments.comments_are_open(case):
        return _closed(request, case, status=409 if request.method == "POST" else 200)
    if request.method == "GET":
        return _comment_page(request, case, CommentForm())
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _comment_page(request, case, form, status=400)
    try:
        comments.public_comment_submit(
            council=case.council,
            application_id=case.pk,
            comment=form.comment(),
            client_key=comments.client_key_for(request.META.get("REMOTE_ADDR", "")),
        )
    except DomainError as error:
        if error.code == "closed":
            return _closed(request, case, status=409)
        add_domain_error(form, error)
        return _comment_page(request, case, form, status=429 if error.code == "rate_limited" else 400)
    return redirect("register:comment-sent", reference=case.reference)


@public
@require_GET
def comment_sent(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if case is None:
        return not_found(request)
    return render_page(
        request, "register/comment_sent.html", {"title": "Thank you for your comment", "application": case}
    )
