"""What a map shows besides its red line: nearby addresses as points, when the council has no base map."""

import logging
import math
from typing import Any

import httpx

from bops.consultation.addresses import get_address_lookup
from bops.core.errors import DomainError
from bops.councils.models import Council

logger = logging.getLogger(__name__)

METRES_PER_DEGREE_LAT = 111_320.0
NEAR_METRES = 60.0  # around the site's red line (or its point): the houses either side and across the road
MAX_POINTS = 60


def _area_around(
    *, latitude: float, longitude: float, boundary: dict[str, Any] | None, margin_m: float
) -> dict[str, Any]:
    """A rectangle (GeoJSON Polygon) `margin_m` beyond the boundary's extent, or around the point."""
    west = east = longitude
    south = north = latitude
    geometry = (boundary or {}).get("geometry") if (boundary or {}).get("type") == "Feature" else boundary
    if isinstance(geometry, dict) and geometry.get("type") == "Polygon":
        ring = geometry["coordinates"][0]
        west, east = min(p[0] for p in ring), max(p[0] for p in ring)
        south, north = min(p[1] for p in ring), max(p[1] for p in ring)
    d_lat = margin_m / METRES_PER_DEGREE_LAT
    d_lon = margin_m / (METRES_PER_DEGREE_LAT * math.cos(math.radians(latitude)))
    west, east, south, north = west - d_lon, east + d_lon, south - d_lat, north + d_lat
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def map_points_near(
    *,
    council: Council,
    latitude: float | None,
    longitude: float | None,
    boundary: dict[str, Any] | None = None,
    margin_m: float = NEAR_METRES,
    limit: int = MAX_POINTS,
) -> dict[str, Any] | None:
    """The addresses around a site as a GeoJSON FeatureCollection of points ({"label": address}), so a map
    without a base map still shows where the site is. None when the council has a base map (the map shows the
    houses itself) or the site has no location; an empty collection when the lookup finds none or fails."""
    if council.has_os_maps_key or latitude is None or longitude is None:
        return None
    area = _area_around(latitude=latitude, longitude=longitude, boundary=boundary, margin_m=margin_m)
    try:
        found = get_address_lookup().within(area, limit)
    except (DomainError, httpx.HTTPError) as error:
        logger.warning(
            "Addresses for the map of %s could not be looked up (%s)", council.subdomain, type(error).__name__
        )
        found = []
    features = [
        {
            "type": "Feature",
            "properties": {"label": address.address},
            "geometry": {"type": "Point", "coordinates": [round(address.longitude, 7), round(address.latitude, 7)]},
        }
        for address in found
        if address.latitude is not None and address.longitude is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def map_points_for(*, application: Any) -> dict[str, Any] | None:
    """`map_points_near` the site of a planning application."""
    return map_points_near(
        council=application.council,
        latitude=application.latitude,
        longitude=application.longitude,
        boundary=application.boundary,
    )
