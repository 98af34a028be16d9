from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.models import Role
from bops.accounts.permissions import role_required
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.views import render_page
from bops.councils.api_keys import api_key_create, api_key_revoke
from bops.councils.forms import ApiKeyForm, OsMapsKeyForm
from bops.councils.selectors import api_keys_of, council_list, service_url
from bops.councils.services import council_os_maps_key_clear, council_os_maps_key_set


def home(request: HttpRequest) -> HttpResponse:
    """The bare service domain lists the councils."""
    councils = [(council.name, service_url(request, council.subdomain)) for council in council_list()]
    return render(request, "councils/index.html", {"title": "Choose your council", "councils": councils})


@role_required(Role.ADMINISTRATOR)
@require_GET
def api_keys(request: HttpRequest) -> HttpResponse:
    keys = api_keys_of(council=request.council)  # type: ignore[attr-defined]
    return render_page(request, "councils/api_keys.html", {"title": "API keys", "keys": keys, "active_nav": "keys"})


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def api_key_new(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key, raw = api_key_create(
                council=request.council,
                user=request.user,  # type: ignore[attr-defined]
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # Shown once, on this response only: it is never stored or shown again.
            context = {"title": "Your new API key", "key": key, "raw": raw, "active_nav": "keys"}
            response = render_page(request, "councils/api_key_created.html", context)
            response["Cache-Control"] = "no-store"
            return response
    status = 400 if form.is_bound else 200
    context = {"title": "Make an API key", "form": form, "active_nav": "keys"}
    return render_page(request, "councils/api_key_new.html", context, status=status)


@role_required(Role.ADMINISTRATOR)
@require_POST
def api_key_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    try:
        key = api_key_revoke(council=request.council, user=request.user, key_id=key_id)  # type: ignore[attr-defined]
    except DomainError as error:
        return render(request, "errors/page.html", {"title": "Page not found", "message": error.message}, status=404)
    messages.success(request, f"The key {key.name} has been revoked. Systems using it can no longer connect.")
    return redirect("councils:api-keys")


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def os_maps_key(request: HttpRequest) -> HttpResponse:
    """Set the council's Ordnance Survey key. The page says whether one is set and its last 4 characters, no more."""
    council = request.council  # type: ignore[attr-defined]
    form = OsMapsKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council_os_maps_key_set(council=council, user=request.user, key=form.cleaned_data["key"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "The Ordnance Survey key has been saved. Maps now show the base map.")
            return redirect("councils:os-maps-key")
    context = {"title": "Ordnance Survey maps", "form": form, "active_nav": "keys"}
    response = render_page(request, "councils/os_maps_key.html", context, status=400 if form.is_bound else 200)
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.ADMINISTRATOR)
@require_POST
def os_maps_key_remove(request: HttpRequest) -> HttpResponse:
    council_os_maps_key_clear(council=request.council, user=request.user)  # type: ignore[attr-defined]
    messages.success(request, "The Ordnance Survey key has been removed. Maps show no base map.")
    return redirect("councils:os-maps-key")
