"""Red line boundaries: GeoJSON in EPSG:4326, checked with shapely, measured in EPSG:27700 (British National Grid)."""

import json
from dataclasses import dataclass
from typing import Any

import numpy
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from bops.core.errors import DomainError

_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def _bng(lon_lat: Any) -> Any:
    """An (n, 2) array of longitude, latitude to British National Grid eastings and northings, in metres."""
    eastings, northings = _TO_BNG.transform(lon_lat[:, 0], lon_lat[:, 1])
    return numpy.column_stack([eastings, northings])


# England and its waters, with a margin: a boundary outside this box is in the wrong place
# (most often longitude and latitude swapped, or a sign lost).
ENGLAND_BOUNDS = (-6.5, 49.8, 2.1, 55.9)
MAX_VERTICES = 5_000
MAX_AREA_M2 = 50_000_000  # 50 km²: larger than any single planning site


@dataclass(frozen=True)
class Boundary:
    feature: dict[str, Any]
    area_m2: float
    centroid_lon: float
    centroid_lat: float
    bbox: tuple[float, float, float, float]


def _geometry_of(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DomainError("The boundary must be a GeoJSON object.", field="boundary")
    kind = data.get("type")
    if kind == "Feature":
        geometry = data.get("geometry")
        if not isinstance(geometry, dict):
            raise DomainError("The boundary feature has no geometry.", field="boundary")
        return geometry
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise DomainError("The boundary must be a single polygon, not a collection of features.", field="boundary")
        return _geometry_of(features[0])
    if kind in {"Polygon", "MultiPolygon"}:
        return data
    raise DomainError("The boundary must be a GeoJSON Polygon or MultiPolygon.", field="boundary")


def parse_boundary(raw: str | dict[str, Any]) -> Boundary:
    """Check a submitted or drawn boundary and work out its area, centre and extent.

    Raises DomainError with a message for the officer or applicant when it is not a usable red line.
    """
    if isinstance(raw, str):
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as error:
            raise DomainError(
                "The boundary is not valid GeoJSON: it could not be read as JSON.", field="boundary"
            ) from error
    else:
        data = raw
    geometry = _geometry_of(data)
    if geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise DomainError(
            f"The boundary must be a polygon, not a {geometry.get('type') or 'shape with no type'}.", field="boundary"
        )
    try:
        geom: BaseGeometry = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        raise DomainError("The boundary's coordinates are not a closed ring of points.", field="boundary") from error
    if geom.is_empty:
        raise DomainError("The boundary has no points.", field="boundary")
    if len(geom.exterior.coords if geom.geom_type == "Polygon" else []) > MAX_VERTICES:
        raise DomainError(f"The boundary has more than {MAX_VERTICES} points.", field="boundary")
    if not geom.is_valid:
        raise DomainError(f"The boundary crosses itself ({explain_validity(geom)}).", field="boundary")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    west, south, east, north = ENGLAND_BOUNDS
    if min_lon < west or max_lon > east or min_lat < south or max_lat > north:
        raise DomainError(
            "The boundary is not in England. Coordinates must be longitude then latitude (EPSG:4326).",
            field="boundary",
        )
    area = shapely.transform(geom, lambda xy: _bng(xy)).area
    if area <= 0:
        raise DomainError("The boundary encloses no area.", field="boundary")
    if area > MAX_AREA_M2:
        raise DomainError("The boundary covers more than 50 square kilometres; draw the site only.", field="boundary")
    centroid = geom.centroid
    feature = {"type": "Feature", "geometry": mapping(geom), "properties": {}}
    feature = json.loads(json.dumps(feature))  # tuples to lists, as stored JSON
    return Boundary(
        feature=feature,
        area_m2=round(area, 2),
        centroid_lon=centroid.x,
        centroid_lat=centroid.y,
        bbox=(min_lon, min_lat, max_lon, max_lat),
    )
