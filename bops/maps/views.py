from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from bops.core.http import client_address, rate_limit
from bops.maps.tiles import CACHE_SECONDS, NoKeyError, TileError, tile_allowed, tile_get


def _plain(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def tile(request: HttpRequest, layer: str, z: int, x: int, y: int) -> HttpResponse:
    """One Ordnance Survey base map tile for the council of this address (public: the register shows maps too)."""
    council = getattr(request, "council", None)
    if council is None:
        return _plain(404, "Map tiles are served at a council's address.")
    if not tile_allowed(layer=layer, z=z, x=x, y=y):
        return _plain(404, "There is no such map tile.")
    # The route is public, and each tile fetched spends the council's Ordnance Survey allowance: a client gets so
    # many a minute (a map page asks for a few dozen).
    limit, window = settings.MAP_TILE_RATE_LIMIT
    limited = rate_limit(scope="map-tiles", client=client_address(request), limit=limit, window_seconds=window)
    if limited is not None:
        response = _plain(429, f"Too many map tiles asked for. Try again in {limited.retry_after} seconds.")
        response["Retry-After"] = str(limited.retry_after)
        return response
    try:
        found = tile_get(council=council, layer=layer, z=z, x=x, y=y)
    except NoKeyError:
        return _plain(404, "No base map: the council has not set up Ordnance Survey maps.")
    except TileError as error:
        return _plain(502, f"The map tile could not be fetched: {error.reason}.")
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
