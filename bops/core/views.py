from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET


def render_page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Render a page; when a form on it has errors, the title starts with "Error: " (GOV.UK pattern)."""
    forms_with_errors = [
        value for value in context.values() if getattr(value, "is_bound", False) and getattr(value, "errors", None)
    ]
    context.setdefault("page_has_errors", bool(forms_with_errors))
    return render(request, template, context, status=status)


def _way_back(request: HttpRequest) -> tuple[str, str]:
    """Where a person who opened a form's address can go instead: the case it belongs to, the first page of their
    link (applicants, consultees), their case list, or the public register."""
    council = getattr(request, "council", None)
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match is not None else {}
    if council is not None and signed_in and kwargs.get("reference"):
        reference = str(kwargs["reference"])
        shown = reference if reference.startswith(f"{council.code}-") else f"{council.code}-{reference}"
        return reverse("applications:case", args=[reference]), f"Go to case {shown}"
    token = str(kwargs.get("token") or "")
    if token and token in request.path:
        return request.path[: request.path.index(token) + len(token)], "Go back to the page your link opens"
    if council is not None and signed_in:
        return reverse("applications:dashboard"), "Go to your case list"
    if council is not None:
        return reverse("register:search"), "Search planning applications"
    return "/", "Go to the list of councils"


def method_not_allowed(request: HttpRequest, *, allowed: list[str]) -> HttpResponse:
    """The page for an address opened with a method it does not take (RFC 9110 s. 15.5.6: 405, with Allow).

    Mostly a form's address opened as a page (a bookmark, a reload after the session ended, a link copied from the
    address bar): it only takes the form, and nothing was done."""
    href, text = _way_back(request)
    if "GET" in allowed:
        title = "This page does not take a form"
        message = "Something tried to send a form to a page that only shows information. Nothing has been saved."
    else:
        title = "This page is for sending a form"
        message = (
            "This address is where a form on another page is sent. Opened on its own it has nothing to show, "
            "and nothing has been saved or sent."
        )
    context = {"title": title, "message": message, "back_href": href, "back_text": text}
    response = render(request, "errors/page.html", context, status=405)
    response["Allow"] = ", ".join(allowed)
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers, feed readers and link previews ask for /favicon.ico whatever the page says: answer with the icon."""
    response = HttpResponseRedirect(static("build/icons/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def touch_icon(request: HttpRequest) -> HttpResponse:
    """Some phones ask for /apple-touch-icon.png before reading the page's own link to it."""
    response = HttpResponseRedirect(static("build/icons/icon-180.png"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
    Accessibility Regulations 2018 (reg. 8) ask every public sector website to publish."""
    return render(request, "pages/accessibility.html", {"title": "Accessibility statement"})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What the planning service holds about people and why (UK GDPR arts. 13 and 14 ask for this to be told);
    the council's own privacy notice is the full one."""
    return render(request, "pages/privacy.html", {"title": "Privacy"})


def _duration(minutes: int) -> str:
    if minutes % 60:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    """The cookies the service sets, each strictly necessary, so no consent is asked for (the Privacy and
    Electronic Communications (EC Directive) Regulations 2003, reg. 6(4)); the lifetimes are the settings' own."""
    csrf_weeks = settings.CSRF_COOKIE_AGE // (7 * 86400) if settings.CSRF_COOKIE_AGE else 0
    cookies_set = [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": "Keeps you signed in (officers only)",
            "expires": f"After {_duration(settings.SESSION_COOKIE_AGE // 60)} without using the service, or when you "
            "sign out",
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": "Checks that a form you send comes from these pages and not from another website",
            "expires": f"After {csrf_weeks} weeks" if csrf_weeks else "When you close your browser",
        },
        {
            "name": "messages",
            "purpose": "Shows you a confirmation on the page you are taken to after you save something",
            "expires": "When the confirmation has been shown, or when you close your browser",
        },
    ]
    return render(request, "pages/cookies.html", {"title": "Cookies", "cookies_set": cookies_set})
