"""Address lookup: the drawn area's checks, the local gazetteer, and OS Places against a local fake."""

import json

import pytest

from bops.applications.tests.builders import square
from bops.consultation.addresses import (
    MAX_AREA_M2,
    LocalAddressLookup,
    OsPlacesLookup,
    addresses_around,
    addresses_fill_around,
    get_address_lookup,
    polygon_parse,
)
from bops.consultation.models import Address
from bops.consultation.tests.fake_os_places import FakeOsPlaces
from bops.core.errors import DomainError

LON, LAT = -0.0707, 51.4689


def area(size: float = 0.001, lon: float = LON - 0.0005, lat: float = LAT - 0.0005) -> dict:
    return square(lon=lon, lat=lat, size=size)


@pytest.fixture
def street(db):
    houses = addresses_around(street="Bellenden Road", town="London", postcode="SE15 4RF", latitude=LAT, longitude=LON)
    Address.objects.bulk_create(houses)
    far = addresses_around(street="Far Street", town="London", postcode="N1 1AA", latitude=51.54, longitude=-0.10)
    Address.objects.bulk_create(far)
    return houses


def test_a_feature_or_a_polygon_is_taken():
    assert polygon_parse(json.dumps(area()))["type"] == "Polygon"
    assert polygon_parse(area()["geometry"])["type"] == "Polygon"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Draw an area"),
        ("{not json", "could not be read as JSON"),
        (json.dumps({"type": "Point", "coordinates": [LON, LAT]}), "must be a GeoJSON Polygon, not Point"),
        (json.dumps({"type": "LineString", "coordinates": [[LON, LAT], [LON, LAT + 0.001]]}), "not LineString"),
        (json.dumps({"type": "MultiPolygon", "coordinates": [area()["geometry"]["coordinates"]]}), "not MultiPolygon"),
        (
            json.dumps({"type": "Polygon", "coordinates": [area()["geometry"]["coordinates"][0][:-1]]}),
            "not closed",
        ),
        (json.dumps({"type": "Polygon", "coordinates": [[[LON, LAT], [LON, LAT + 0.001], [LON, LAT]]]}), "three"),
    ],
)
def test_an_area_that_is_not_a_closed_polygon_is_refused(raw, message):
    with pytest.raises(DomainError) as refused:
        polygon_parse(raw)
    assert message in refused.value.message
    assert refused.value.field == "polygon"


def test_an_area_covering_a_whole_town_is_refused_with_the_limit():
    town = square(lon=-0.12, lat=51.45, size=0.05)  # about 3.5 by 5.5 km
    with pytest.raises(DomainError) as refused:
        polygon_parse(town)
    assert f"limit of {MAX_AREA_M2 / 1_000_000:g} km²" in refused.value.message
    assert "0.5 km²" in refused.value.message


def test_an_area_outside_england_is_refused():
    with pytest.raises(DomainError) as refused:
        polygon_parse(square(lon=LAT, lat=LON))  # longitude and latitude swapped
    assert "not in England" in refused.value.message


def test_local_within_finds_the_houses_inside_only(street):
    found = LocalAddressLookup().within(polygon_parse(area(size=0.0006, lon=LON - 0.0003, lat=LAT - 0.0003)), 500)
    assert found
    assert all("Bellenden Road" in a.address for a in found)
    assert len(found) < len(street)  # the grid is larger than the area
    everything = LocalAddressLookup().within(polygon_parse(area(size=0.004, lon=LON - 0.002, lat=LAT - 0.002)), 500)
    assert len(everything) == len(street)
    assert len(LocalAddressLookup().within(polygon_parse(area(size=0.004, lon=LON - 0.002, lat=LAT - 0.002)), 5)) == 5


def test_local_search_by_words_and_postcode(street):
    lookup = LocalAddressLookup()
    assert next(a.address for a in lookup.search("7 bellenden", 50)).startswith("7 Bellenden Road")
    assert len(lookup.search("SE15 4RF", 50)) == 40
    assert len(lookup.search("se154rf", 50)) == 40
    assert len(lookup.search("Bellenden", 10)) == 10
    assert lookup.search("Nowhere Lane", 50) == []
    assert lookup.search("  ", 50) == []
    first = lookup.search("1 Bellenden Road", 1)[0]
    assert first.uprn and first.latitude and first.longitude


def _os(houses: list[Address]) -> list[dict]:
    return [{"UPRN": h.uprn, "ADDRESS": h.full.upper(), "LAT": h.latitude, "LNG": h.longitude} for h in houses]


def test_os_places_search_pages_through_the_answers():
    many = [
        h
        for n in range(6)
        for h in addresses_around(
            street=f"Street {n}", town="London", postcode="SE15 4RF", latitude=LAT, longitude=LON + n * 0.01
        )
    ]
    with FakeOsPlaces(_os(many)) as places:
        lookup = OsPlacesLookup(api_key=places.api_key, base_url=places.url)
        found = lookup.search("SE15 4RF", 500)
        assert len(found) == 240
        assert [r[2]["offset"] for r in places.requests] == ["0", "100", "200"]
        assert places.requests[0][2]["output_srs"] == "WGS84"
        assert len(lookup.search("SE15", 30)) == 30
        assert lookup.search("N1 9ZZ", 10) == []


def test_os_places_polygon_search_finds_the_addresses_inside():
    houses = addresses_around(street="Bellenden Road", town="London", postcode="SE15 4RF", latitude=LAT, longitude=LON)
    with FakeOsPlaces(_os(houses)) as places:
        lookup = OsPlacesLookup(api_key=places.api_key, base_url=places.url)
        inside = lookup.within(polygon_parse(area(size=0.0006, lon=LON - 0.0003, lat=LAT - 0.0003)), 500)
        assert 0 < len(inside) < len(houses)
        method, path, query = places.requests[-1]
        assert (method, path, query["srs"]) == ("POST", "/search/places/v1/polygon", "WGS84")
        assert all(isinstance(a.latitude, float) for a in inside)


def test_os_places_refusals_are_clear_errors():
    with FakeOsPlaces([]) as places:
        with pytest.raises(DomainError) as refused:
            OsPlacesLookup(api_key="wrong", base_url=places.url).search("SE15", 10)
        assert "refused the search (401)" in refused.value.message
        assert OsPlacesLookup(api_key=places.api_key, base_url=places.url).search("SE15", 10) == []
    with pytest.raises(DomainError) as away:
        OsPlacesLookup(api_key="k", base_url="http://127.0.0.1:9").search("SE15", 10)
    assert "could not be reached" in away.value.message


def test_the_setting_chooses_the_lookup(settings):
    settings.ADDRESS_LOOKUP = "local"
    assert isinstance(get_address_lookup(), LocalAddressLookup)
    settings.ADDRESS_LOOKUP, settings.OS_PLACES_API_KEY, settings.OS_PLACES_BASE_URL = "os_places", "k", "http://x"
    assert isinstance(get_address_lookup(), OsPlacesLookup)
    settings.ADDRESS_LOOKUP = "google"
    with pytest.raises(ValueError, match="Unknown ADDRESS_LOOKUP"):
        get_address_lookup()


def test_addresses_around_a_case_skip_the_site_and_are_made_once(southwark, swk_users):
    from bops.applications.tests.builders import make_application

    application = make_application(southwark)  # 12 Bellenden Road
    assert addresses_fill_around([application]) == 39
    assert addresses_fill_around([application]) == 0
    assert not Address.objects.filter(line_1="12 Bellenden Road").exists()
    assert Address.objects.filter(line_1="13 Bellenden Road", postcode="SE15 4RF").exists()
