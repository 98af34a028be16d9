import json

import pytest

from bops.applications.boundary import parse_boundary
from bops.applications.tests.builders import square
from bops.core.errors import DomainError


def test_a_square_is_measured_in_british_national_grid():
    # 0.0002° of longitude by 0.0002° of latitude at 51.47°N is about 13.9 m by 22.3 m.
    boundary = parse_boundary(square(size=0.0002))
    assert 300 < boundary.area_m2 < 320
    assert boundary.centroid_lat == pytest.approx(51.4690, abs=1e-4)
    assert boundary.centroid_lon == pytest.approx(-0.0706, abs=1e-4)
    assert boundary.bbox == pytest.approx((-0.0707, 51.4689, -0.0705, 51.4691))


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(square(), id="feature"),
        pytest.param(square()["geometry"], id="bare-polygon"),
        pytest.param({"type": "FeatureCollection", "features": [square()]}, id="collection-of-one"),
        pytest.param(json.dumps(square()), id="json-text"),
        pytest.param({"type": "MultiPolygon", "coordinates": [square()["geometry"]["coordinates"]]}, id="multipolygon"),
    ],
)
def test_accepted_shapes(raw):
    boundary = parse_boundary(raw)
    assert boundary.feature["type"] == "Feature"
    assert boundary.area_m2 > 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param("{not json", "could not be read as JSON", id="malformed"),
        pytest.param("[1, 2]", "must be a GeoJSON object", id="array"),
        pytest.param({"type": "Point", "coordinates": [-0.07, 51.47]}, "must be a GeoJSON Polygon", id="point"),
        pytest.param(
            {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[-0.07, 51.47], [-0.06, 51.48]]}},
            "must be a polygon, not a LineString",
            id="line",
        ),
        pytest.param({"type": "Feature"}, "has no geometry", id="no-geometry"),
        pytest.param(
            {"type": "Polygon", "coordinates": [[[-0.07, 51.47], [-0.06, 51.47]]]}, "closed ring", id="two-points"
        ),
        pytest.param({"type": "Polygon", "coordinates": "nonsense"}, "closed ring", id="bad-coordinates"),
        pytest.param({"type": "Polygon", "coordinates": []}, "no points", id="empty"),
        pytest.param(square(lon=51.4689, lat=-0.0707), "not in England", id="swapped-lat-lon"),
        pytest.param(square(lon=0.0707, lat=-51.4689), "not in England", id="southern-hemisphere"),
        pytest.param(
            {
                "type": "Polygon",
                "coordinates": [[[-0.07, 51.47], [-0.06, 51.48], [-0.06, 51.47], [-0.07, 51.48], [-0.07, 51.47]]],
            },
            "crosses itself",
            id="bow-tie",
        ),
        pytest.param(square(lon=-1.0, lat=52.0, size=0.5), "more than 50 square kilometres", id="whole-town"),
        pytest.param(
            {"type": "FeatureCollection", "features": [square(), square(lon=-0.08)]},
            "single polygon",
            id="two-features",
        ),
    ],
)
def test_refused_with_a_clear_message(raw, message):
    with pytest.raises(DomainError, match=message) as error:
        parse_boundary(raw)
    assert error.value.field == "boundary"
