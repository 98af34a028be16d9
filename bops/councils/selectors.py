from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest

from bops.councils.models import ApiKey, Council


def subdomain_from_host(host: str) -> str | None:
    """'southwark.localhost:8000' -> 'southwark'; the bare service domain (or an IP) -> None."""
    hostname = host.split(":", 1)[0].lower().rstrip(".")
    domain = settings.BOPS_DOMAIN.lower()
    suffix = f".{domain}"
    if not hostname.endswith(suffix):
        return None
    label = hostname[: -len(suffix)]
    return label or None


def service_url(request: HttpRequest, subdomain: str | None = None) -> str:
    """A council's address (or, without a subdomain, the service's own), with the request's scheme and port."""
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    prefix = f"{subdomain}." if subdomain else ""
    return f"{request.scheme}://{prefix}{settings.BOPS_DOMAIN}{port}/"


def council_url(council: Council, path: str = "/") -> str:
    """A council's address for links sent outside a request (emails from background jobs), from BOPS_PUBLIC_URL."""
    parts = urlsplit(settings.BOPS_PUBLIC_URL)
    return f"{parts.scheme}://{council.subdomain}.{parts.netloc}{path}"


def council_get_by_subdomain(*, subdomain: str) -> Council | None:
    return Council.objects.filter(subdomain=subdomain).first()


def api_keys_of(*, council: Council) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(council=council)


def council_list() -> list[Council]:
    return list(Council.objects.order_by("name"))
