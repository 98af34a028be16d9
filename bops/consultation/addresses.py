"""Address lookup: finding the addresses to write to, by words or inside an area drawn on the map.

Two adapters behind one interface, chosen by the `ADDRESS_LOOKUP` setting:
- `LocalAddressLookup` ("local", the default): the `Address` table, filled with generated addresses in
  development and tests (`addresses_fill_around`).
- `OsPlacesLookup` ("os_places"): Ordnance Survey Places API, with the council's key `OS_PLACES_API_KEY`.

An area must be a closed GeoJSON polygon of at most `MAX_AREA_M2`, measured in British National Grid; a larger
one (a whole town) is refused rather than searched.
"""

import hashlib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import shapely
from django.conf import settings
from django.db.models import Q
from pyproj import Transformer
from shapely.geometry import Point, Polygon, mapping, shape

from bops.applications.boundary import parse_boundary
from bops.consultation.models import Address
from bops.core.errors import DomainError

MAX_AREA_M2 = 500_000  # 0.5 km²: a few streets around a site; a town is refused
MAX_ADDRESSES = 500
OS_PAGE = 100  # the most OS Places gives in one answer
OS_MAX_OFFSET = 1_000  # OS Places stops paging here


@dataclass(frozen=True)
class FoundAddress:
    address: str
    uprn: str
    latitude: float | None
    longitude: float | None


class AddressLookup(Protocol):
    def search(self, text: str, limit: int) -> list[FoundAddress]: ...

    def within(self, polygon_geojson: dict[str, Any], limit: int) -> list[FoundAddress]: ...


def polygon_parse(raw: str | dict[str, Any]) -> dict[str, Any]:
    """A drawn area as a GeoJSON Polygon geometry, checked: closed, one polygon, in England, not too large."""
    if isinstance(raw, str):
        if not raw.strip():
            raise DomainError("Draw an area on the map, or paste its GeoJSON.", field="polygon")
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as error:
            raise DomainError("The area is not GeoJSON: it could not be read as JSON.", field="polygon") from error
    else:
        data = raw
    geometry = data.get("geometry") if isinstance(data, dict) and data.get("type") == "Feature" else data
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        raise DomainError(f"The area must be a GeoJSON Polygon, not {kind or 'something else'}.", field="polygon")
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or not rings or not isinstance(rings[0], list) or len(rings[0]) < 4:
        raise DomainError("The area needs at least three corners.", field="polygon")
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
            raise DomainError("The area is not closed: its last point must be the same as its first.", field="polygon")
    try:
        measured = parse_boundary(geometry)
    except DomainError as error:
        raise DomainError(error.message.replace("The boundary", "The area"), field="polygon") from error
    if measured.area_m2 > MAX_AREA_M2:
        raise DomainError(
            f"The area covers {measured.area_m2 / 1_000_000:.2f} km², more than the limit of "
            f"{MAX_AREA_M2 / 1_000_000:g} km²: draw a smaller area around the site.",
            field="polygon",
        )
    return measured.feature["geometry"]  # type: ignore[no-any-return]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", text.lower()) if w]


class LocalAddressLookup:
    """The `Address` table: every word must begin a word of the address; an area is a bounding box in SQL, then
    point in polygon."""

    def search(self, text: str, limit: int) -> list[FoundAddress]:
        words = _words(text)
        if not words:
            return []
        rows = Address.objects.all()
        for word in words:  # each word starts a word of the address: "7" finds 7 but not 17
            rows = rows.filter(Q(search_text__startswith=word) | Q(search_text__contains=f" {word}"))
        return [_found(a) for a in rows.order_by("postcode", "line_1", "uprn")[:limit]]

    def within(self, polygon_geojson: dict[str, Any], limit: int) -> list[FoundAddress]:
        polygon: Polygon = shape(polygon_geojson)
        west, south, east, north = polygon.bounds
        candidates = list(
            Address.objects.filter(
                longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
            ).order_by("postcode", "line_1", "uprn")
        )
        if not candidates:
            return []
        inside = shapely.contains_xy(polygon, [a.longitude for a in candidates], [a.latitude for a in candidates])
        return [_found(a) for a, hit in zip(candidates, inside, strict=True) if hit][:limit]


def _found(address: Address) -> FoundAddress:
    return FoundAddress(address.full, address.uprn, address.latitude, address.longitude)


class OsPlacesLookup:
    """Ordnance Survey Places API: `find` for words, `polygon` for an area, paged 100 at a time."""

    def __init__(self, *, api_key: str, base_url: str, timeout: float = 10) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def search(self, text: str, limit: int) -> list[FoundAddress]:
        if not text.strip():
            return []
        return self._pages("GET", "/find", {"query": text.strip()}, None, limit)

    def within(self, polygon_geojson: dict[str, Any], limit: int) -> list[FoundAddress]:
        return self._pages("POST", "/polygon", {"srs": "WGS84"}, polygon_geojson, limit)

    def _pages(
        self, method: str, path: str, params: dict[str, str], body: dict[str, Any] | None, limit: int
    ) -> list[FoundAddress]:
        found: list[FoundAddress] = []
        offset = 0
        with httpx.Client(base_url=self.base_url, timeout=self.timeout) as client:
            while len(found) < limit and offset < OS_MAX_OFFSET:
                query = {
                    **params,
                    "key": self.api_key,
                    "output_srs": "WGS84",
                    "dataset": "DPA",
                    "maxresults": str(min(OS_PAGE, limit - len(found))),
                    "offset": str(offset),
                }
                try:
                    answer = client.request(method, path, params=query, json=body)
                except httpx.HTTPError as error:
                    raise DomainError(f"The address service could not be reached: {error}.") from error
                if answer.status_code != 200:
                    raise DomainError(f"The address service refused the search ({answer.status_code}).")
                data = answer.json()
                results = data.get("results") or []
                found.extend(_from_os(item) for item in results if "DPA" in item)
                total = int(data.get("header", {}).get("totalresults", 0))
                offset += len(results)
                if not results or offset >= total:
                    break
        return found[:limit]


def _from_os(item: dict[str, Any]) -> FoundAddress:
    dpa = item["DPA"]
    lat, lon = dpa.get("LAT"), dpa.get("LNG")
    return FoundAddress(
        address=str(dpa.get("ADDRESS", "")),
        uprn=str(dpa.get("UPRN", "")),
        latitude=float(lat) if lat is not None else None,
        longitude=float(lon) if lon is not None else None,
    )


# --- Around a site -------------------------------------------------------------------------------------------

# An address point this close to the red line is offered as adjoining premises (a house either side, or behind);
# the officer confirms each, since a point is not a boundary. Further out, to NEARBY_METRES, as a nearby address.
ADJOINING_METRES = 10.0
NEARBY_METRES = 50.0
MAX_NEARBY = 20
SITE_RADIUS_METRES = 8.0  # a site known only by its point is taken as a plot this wide around it
_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
_FROM_BNG = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class SiteNeighbour:
    found: FoundAddress
    metres: int  # from the red line, 0 inside it
    adjoining: bool


def _site_shape(*, boundary: dict[str, Any] | None, latitude: float | None, longitude: float | None) -> Any:
    geometry = (boundary or {}).get("geometry") if (boundary or {}).get("type") == "Feature" else boundary
    if isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon"):
        return shapely.transform(shape(geometry), _TO_BNG.transform, interleaved=False)
    if latitude is None or longitude is None:
        return None
    return Point(*_TO_BNG.transform(longitude, latitude)).buffer(SITE_RADIUS_METRES)


def addresses_around_site(
    *,
    boundary: dict[str, Any] | None,
    latitude: float | None,
    longitude: float | None,
    site_uprn: str = "",
    lookup: AddressLookup | None = None,
) -> list[SiteNeighbour]:
    """The addresses around a site, nearest first: those within ADJOINING_METRES of the red line marked adjoining,
    then the nearest others within NEARBY_METRES (at most MAX_NEARBY of them). The site's own address is left out.
    Distances are measured in British National Grid, in metres."""
    site = _site_shape(boundary=boundary, latitude=latitude, longitude=longitude)
    if site is None:
        return []
    area = shapely.transform(site.buffer(NEARBY_METRES, quad_segs=4), _FROM_BNG.transform, interleaved=False)
    found = (lookup or get_address_lookup()).within(mapping(area), MAX_ADDRESSES)
    around = []
    for address in found:
        if (site_uprn and address.uprn == site_uprn) or address.latitude is None or address.longitude is None:
            continue
        metres = site.distance(Point(*_TO_BNG.transform(address.longitude, address.latitude)))
        if metres <= NEARBY_METRES:
            around.append(SiteNeighbour(found=address, metres=round(metres), adjoining=metres <= ADJOINING_METRES))
    around.sort(key=lambda n: (n.metres, n.found.address))
    adjoining = [n for n in around if n.adjoining]
    return adjoining + [n for n in around if not n.adjoining][:MAX_NEARBY]


def get_address_lookup() -> AddressLookup:
    if settings.ADDRESS_LOOKUP == "local":
        return LocalAddressLookup()
    if settings.ADDRESS_LOOKUP == "os_places":
        return OsPlacesLookup(api_key=settings.OS_PLACES_API_KEY, base_url=settings.OS_PLACES_BASE_URL)
    raise ValueError(f"Unknown ADDRESS_LOOKUP {settings.ADDRESS_LOOKUP!r}: use 'local' or 'os_places'.")


# --- Generated addresses for the demo and tests --------------------------------------------------------------

_GRID_METRES = 18.0
_METRES_PER_DEGREE_LAT = 111_320.0


def _uprn(street: str, number: int, postcode: str) -> str:
    """A stable made-up UPRN (starting 9, which real ones in London do not), the same for the same house."""
    digest = int(hashlib.sha256(f"{street}|{number}|{postcode}".lower().encode()).hexdigest(), 16)
    return "9" + f"{digest % 10**11:011d}"


def addresses_around(
    *, street: str, town: str, postcode: str, latitude: float, longitude: float, skip_number: int | None = None
) -> list[Address]:
    """Forty houses, "1 <street>" to "40 <street>", on a grid 18 m apart centred on a point (unsaved)."""
    per_degree_lon = _METRES_PER_DEGREE_LAT * math.cos(math.radians(latitude))
    houses = []
    for number in range(1, 41):
        if number == skip_number:
            continue
        row, column = divmod(number - 1, 8)
        north = (row - 2) * _GRID_METRES
        east = (column - 3.5) * _GRID_METRES
        line_1 = f"{number} {street}"
        houses.append(
            Address(
                uprn=_uprn(street, number, postcode),
                line_1=line_1,
                town=town,
                postcode=postcode,
                latitude=latitude + north / _METRES_PER_DEGREE_LAT,
                longitude=longitude + east / per_degree_lon,
                search_text=f"{line_1} {town} {postcode} {postcode.replace(' ', '')}".lower(),
            )
        )
    return houses


def addresses_fill_around(applications: Iterable[Any]) -> int:
    """Fill the `Address` table with houses around each case's site; returns how many were new."""
    made = 0
    for application in applications:
        if application.latitude is None or application.longitude is None:
            continue
        number, _, street = application.address_line_1.partition(" ")
        if not number.isdigit() or not street:
            number, street = "", application.address_line_1
        houses = addresses_around(
            street=street,
            town=application.town or "London",
            postcode=application.postcode,
            latitude=application.latitude,
            longitude=application.longitude,
            skip_number=int(number) if number else None,
        )
        before = Address.objects.count()
        Address.objects.bulk_create(houses, ignore_conflicts=True)
        made += Address.objects.count() - before
    return made
