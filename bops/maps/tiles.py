"""Ordnance Survey base map tiles, fetched on the server with the council's key and cached.

The browser never sees a key: the map component asks this service (`/map-tiles/...`, the path the
@opensystemslab/map component builds from its `osProxyEndpoint`), and `tile_get` asks Ordnance Survey:

    tile = tile_get(council=council, layer="Light_3857", z=17, x=65483, y=43582)

Only map tiles are passed on, never any other OS API: a fixed upstream (`OS_MAPS_API_URL`), an allow-list of
layers, tile numbers inside the zoom level's grid and inside Great Britain (OS has nothing elsewhere), no
redirects followed, a short timeout, and only a PNG or JPEG image comes back. A tile is kept in the "tiles"
cache for a day, per council, so each council's key pays for its own tiles and a tile is fetched once.
"""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass, field
from typing import Protocol

import httpx
from django.conf import settings
from django.core.cache import caches

from bops.councils.models import Council

logger = logging.getLogger(__name__)

# Web Mercator raster layers of the OS Maps API (the component asks for Light_3857).
LAYERS = frozenset({"Light_3857", "Road_3857", "Outdoor_3857"})
MAX_ZOOM = 20
CACHE_SECONDS = 24 * 60 * 60
IMAGE_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
MAX_TILE_BYTES = 2 * 1024 * 1024  # a 256 px tile is tens of kilobytes
TIMEOUT_SECONDS = 5.0
# Great Britain with a margin, in degrees (west, south, east, north): OS Maps covers nothing outside it.
GREAT_BRITAIN = (-9.5, 49.0, 3.0, 61.5)


@dataclass(frozen=True)
class Tile:
    content: bytes = field(repr=False)
    content_type: str


class TileError(Exception):
    """A tile could not be had from upstream; `reason` is plain words and never holds the key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoKeyError(Exception):
    """The council has not set an Ordnance Survey key."""


class TileSource(Protocol):
    def fetch(self, *, layer: str, z: int, x: int, y: int, key: str) -> Tile: ...


def _tile_edges(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """A tile's (west, south, east, north) in degrees."""
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def tile_allowed(*, layer: str, z: int, x: int, y: int) -> bool:
    """A known layer, a zoom of 0 to 20, x and y inside that zoom's grid, and a tile that touches Great Britain."""
    if layer not in LAYERS or not 0 <= z <= MAX_ZOOM:
        return False
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        return False
    west, south, east, north = _tile_edges(z, x, y)
    gb_west, gb_south, gb_east, gb_north = GREAT_BRITAIN
    return west <= gb_east and east >= gb_west and south <= gb_north and north >= gb_south


@functools.cache
def _client() -> httpx.Client:
    """One client for every tile, so connections to OS are kept and reused; it never follows a redirect."""
    return httpx.Client(follow_redirects=False)


class HttpTileSource:
    """The OS Maps API over https, with httpx: `{base_url}/maps/raster/v1/zxy/{layer}/{z}/{x}/{y}.png?key=`."""

    def __init__(self, *, base_url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_TILE_BYTES) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_bytes = max_bytes

    def fetch(self, *, layer: str, z: int, x: int, y: int, key: str) -> Tile:
        url = f"{self.base_url}/maps/raster/v1/zxy/{layer}/{z}/{x}/{y}.png"
        try:
            with _client().stream("GET", url, params={"key": key}, timeout=self.timeout) as answer:
                if answer.is_redirect:
                    raise TileError(f"Ordnance Survey answered with a redirect ({answer.status_code}), not a tile")
                if answer.status_code != 200:
                    raise TileError(f"Ordnance Survey answered {answer.status_code}")
                content_type = answer.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if content_type not in IMAGE_TYPES:
                    raise TileError(f"Ordnance Survey answered with {content_type or 'no content type'}, not an image")
                content = b""
                for chunk in answer.iter_bytes():
                    content += chunk
                    if len(content) > self.max_bytes:
                        raise TileError("the tile was larger than any map tile should be")
        except httpx.TimeoutException as error:
            raise TileError("Ordnance Survey did not answer in time") from error
        except httpx.HTTPError as error:
            # The exception's words can hold the address, and the address holds the key: say only what kind.
            raise TileError(f"Ordnance Survey could not be reached ({type(error).__name__})") from error
        if not content.startswith(IMAGE_TYPES[content_type]):
            raise TileError(f"the answer was labelled {content_type} but is not one")
        return Tile(content=content, content_type=content_type)


class FakeTileSource:
    """For unit tests: answers every tile with `tile` (or raises `error`), and records what it was asked."""

    def __init__(self, *, tile: Tile | None = None, error: TileError | None = None) -> None:
        self.tile = tile or Tile(content=IMAGE_TYPES["image/png"] + b"fake", content_type="image/png")
        self.error = error
        self.calls: list[dict[str, object]] = []

    def fetch(self, *, layer: str, z: int, x: int, y: int, key: str) -> Tile:
        self.calls.append({"layer": layer, "z": z, "x": x, "y": y, "key": key})
        if self.error is not None:
            raise self.error
        return self.tile


def get_tile_source() -> TileSource:
    return HttpTileSource(base_url=settings.OS_MAPS_API_URL, timeout=TIMEOUT_SECONDS)


def _cache_key(council: Council, layer: str, z: int, x: int, y: int) -> str:
    return f"os-tile:{council.pk}:{layer}:{z}:{x}:{y}"


def tile_get(*, council: Council, layer: str, z: int, x: int, y: int, source: TileSource | None = None) -> Tile:
    """A checked tile (`tile_allowed`) for this council: from the cache, else from upstream with its key.

    Raises NoKeyError without asking anyone when the council has no key; TileError when upstream fails,
    and then nothing is cached.
    """
    if not council.os_maps_api_key:
        raise NoKeyError
    cache = caches["tiles"]
    cache_key = _cache_key(council, layer, z, x, y)
    cached = cache.get(cache_key)
    if cached is not None:
        content, content_type = cached
        return Tile(content=content, content_type=content_type)
    source = source or get_tile_source()
    try:
        tile = source.fetch(layer=layer, z=z, x=x, y=y, key=council.os_maps_api_key)
    except TileError as error:
        logger.warning("Map tile %s/%s/%s/%s for %s: %s", layer, z, x, y, council.subdomain, error.reason)
        raise
    cache.set(cache_key, (tile.content, tile.content_type), CACHE_SECONDS)
    return tile
