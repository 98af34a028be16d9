from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST

from bops.accounts import services
from bops.accounts.forms import InviteForm, SetPasswordForm, SignInForm
from bops.accounts.models import Role, User
from bops.accounts.permissions import role_required
from bops.accounts.selectors import user_of, users_of
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    return render(request, "accounts/locked_out.html", {"title": "Too many attempts"}, status=429)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.council is None:  # type: ignore[attr-defined]
        return redirect("/")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = authenticate(request, email=form.cleaned_data["email"], password=form.cleaned_data["password"])
            if user is not None:
                login(request, user)
                return redirect(next_url or "applications:dashboard")
            if getattr(request, "axes_locked_out", False):
                return locked_out(request)
            form.add_error(None, "The email address or password is not right")
        status = 400
    context = {"title": "Sign in", "form": form, "next": next_url, "demo": _demo_sign_ins(request.council)}  # type: ignore[attr-defined]
    return render_page(request, "accounts/sign_in.html", context, status)


def _demo_sign_ins(council: Any) -> list[Any]:
    """While the demo's officers are in this council, the sign-in page points to the guided tour and its sign-ins."""
    from bops.applications.demo import sign_ins  # the demo's own list; nothing else of the demo is imported

    demo = [s for s in sign_ins() if s.url_host.split(".", 1)[0] == council.subdomain]
    if not demo or not council.users.filter(email__in=[s.email for s in demo]).exists():
        return []
    return demo


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:sign-in")


@role_required(Role.ADMINISTRATOR)
def users(request: HttpRequest) -> HttpResponse:
    council_users = users_of(council=request.council)  # type: ignore[attr-defined]
    return render_page(
        request, "accounts/users.html", {"title": "Users", "users": council_users, "active_nav": "users"}
    )


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(
                council=request.council,  # type: ignore[attr-defined]
                by=request.user,  # type: ignore[arg-type]
                base_url=f"{request.scheme}://{request.get_host()}",
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{user.name} has been invited. The invitation is in the outbox.")
            return redirect("accounts:users")
    status = 400 if form.is_bound else 200
    return render_page(
        request, "accounts/invite.html", {"title": "Invite a user", "form": form, "active_nav": "users"}, status
    )


@role_required(Role.ADMINISTRATOR)
@require_POST
def set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    active = request.POST.get("active") == "true"
    if user_of(council=request.council, user_id=user_id) is None:  # type: ignore[attr-defined]
        return render(
            request, "errors/page.html", {"title": "Page not found", "message": "There is no such user."}, status=404
        )
    try:
        user = services.user_set_active(
            council=request.council,
            by=request.user,
            user_id=user_id,
            active=active,  # type: ignore[attr-defined,arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:users")
    messages.success(request, f"{user.name} has been {'reactivated' if active else 'deactivated'}.")
    return redirect("accounts:users")


@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        user_id = None
    user = User.objects.filter(pk=user_id, council=council, is_active=True).first() if council and user_id else None
    if user is None or not default_token_generator.check_token(user, token):
        return render(
            request,
            "errors/page.html",
            {
                "title": "This link does not work",
                "message": (
                    "The link has expired or has already been used. "
                    "Ask your council's administrator for a new invitation."
                ),
            },
            status=404,
        )
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(user=user, password=form.cleaned_data["password"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your password has been set. You can now sign in.")
            return redirect("accounts:sign-in")
    status = 400 if form.is_bound else 200
    return render_page(request, "accounts/set_password.html", {"title": "Set your password", "form": form}, status)
