"""Maps: the Ordnance Survey base map through the tile proxy, and, without a key, words and address dots.

The tile server is a fake on 127.0.0.1 (bops.maps.tests.fake_tile_server) serving solid green tiles, so a
screenshot of the map shows the base map as green and the red line as red.
"""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from bops.maps.tests.fake_tile_server import FakeTileServer
from tests.e2e.conftest import assert_no_axe_violations

KEY = "E2eOsKey0123456789abcdefABCDwxyz"
NO_BASE_MAP = "No base map: the council has not set up Ordnance Survey maps."

MAP_READY = """(selector) => { const map = document.querySelector(selector);
  const inner = map?.shadowRoot?.querySelector(".map");
  return Boolean(inner) && getComputedStyle(inner).opacity === "1" && map.hasAttribute("data-map-rendered"); }"""


def colour_counts(png: bytes) -> dict[str, int]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts = {"green": 0, "red": 0, "grey": 0}
    for r, g, b in image.get_flattened_data():
        if g > 200 and r < 60 and b < 60:
            counts["green"] += 1
        elif r > 200 and g < 60 and b < 60:
            counts["red"] += 1
        elif abs(r - 0x50) < 12 and abs(g - 0x5A) < 12 and abs(b - 0x5F) < 12:
            counts["grey"] += 1
    return counts


@pytest.fixture
def tile_server(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "tiles": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    with FakeTileServer() as fake:
        settings.OS_MAPS_API_URL = fake.base_url
        yield fake


def test_with_the_councils_key_the_case_map_shows_the_os_base_map_under_the_red_line(
    page, world, url, sign_in, offline, tile_server
):
    from bops.councils.models import Council

    Council.objects.filter(pk=world.southwark.council.pk).update(os_maps_api_key=KEY)
    errors: list[str] = []
    asked: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: asked.append(request.url))
    case = world.southwark.cases["extension"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")

    page.goto(url("southwark", f"/applications/{case.reference}"))
    the_map = page.locator("my-map#boundary-map")
    expect(the_map).to_have_attribute("basemap", "OSRaster")
    the_map.scroll_into_view_if_needed()
    page.wait_for_function(MAP_READY, arg="my-map#boundary-map", timeout=20_000)

    counts = colour_counts(the_map.screenshot(path="/tmp/e2e-map-base-map.png"))
    assert counts["green"] > 10_000, counts  # the base map's tiles
    assert counts["red"] > 100, counts  # the red line over them
    expect(page.get_by_text(NO_BASE_MAP)).to_have_count(0)

    tiles = [r for r in tile_server.requests if r.path.startswith("/maps/raster/v1/zxy/Light_3857/")]
    assert tiles and all(r.query == {"key": KEY} for r in tiles)
    assert any(re.search(r"/map-tiles/maps/raster/v1/zxy/Light_3857/\d+/\d+/\d+\.png$", u) for u in asked)
    assert not any(KEY in u for u in asked)
    assert KEY not in page.content()
    assert offline == []
    assert errors == []
    assert_no_axe_violations(page)


def test_without_a_key_the_map_says_so_and_shows_the_red_line_and_the_addresses_around(
    page, world, url, sign_in, offline, tile_server
):
    from bops.consultation.addresses import addresses_fill_around

    case = world.southwark.cases["extension"]
    addresses_fill_around([case, world.southwark.cases["loft"]])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "southwark", "assessor@southwark.gov.uk")

    page.goto(url("southwark", f"/applications/{case.reference}"))
    expect(page.get_by_text(NO_BASE_MAP)).to_be_visible()
    the_map = page.locator("my-map#boundary-map")
    expect(the_map).to_have_attribute("basemap", "none")
    the_map.scroll_into_view_if_needed()
    page.wait_for_function(MAP_READY, arg="my-map#boundary-map", timeout=20_000)
    counts = colour_counts(the_map.screenshot(path="/tmp/e2e-map-no-base-map.png"))
    assert counts["red"] > 100, counts
    assert counts["grey"] > 50, counts  # the address dots
    assert counts["green"] == 0, counts
    page.get_by_text("Addresses shown on the map").click()
    expect(page.locator("details.govuk-details").get_by_text("Bellenden Road").first).to_be_visible()
    assert_no_axe_violations(page)

    for path, selector in (
        (f"/applications/{world.southwark.cases['loft'].reference}/validation/boundary", "my-map#boundary-draw"),
        (f"/applications/{case.reference}/consultation/neighbours", "my-map#neighbours-draw"),
        ("/applications/new", "my-map#boundary-draw"),
    ):
        page.goto(url("southwark", path))
        expect(page.get_by_text(NO_BASE_MAP).first).to_be_visible()
        page.locator(selector).scroll_into_view_if_needed()
        page.wait_for_function(MAP_READY, arg=selector, timeout=20_000)
        assert_no_axe_violations(page)

    assert tile_server.requests == []  # no key: nothing asked upstream
    assert errors == []


APPLICATIONS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"reference": "26-00100-HAPP", "address": "12 Bellenden Road", "url": "/register/first"},
            "geometry": {"type": "Point", "coordinates": [-0.0707, 51.4689]},
        },
        {
            "type": "Feature",
            "properties": {"reference": "26-00101-HAPP", "address": "3 Grove Lane", "url": "/register/second"},
            "geometry": {"type": "Point", "coordinates": [-0.0868, 51.4700]},
        },
    ],
}

# Where, in the page, the application with this reference is drawn.
FEATURE_PIXEL = """([selector, reference]) => { const element = document.querySelector(selector);
  const layer = element.map.getLayers().getArray().find((l) => l.getZIndex() === 1002);
  const feature = layer.getSource().getFeatures().find((f) => f.get("reference") === reference);
  const [x, y] = element.map.getPixelFromCoordinate(feature.getGeometry().getCoordinates());
  const box = element.map.getViewport().getBoundingClientRect();
  return [box.left + x, box.top + y]; }"""


def test_clicking_an_application_on_the_map_of_many_opens_it(page, world, url, offline):
    """The register will show applications_map; here its markup is rendered straight into a council's page."""
    from django.template import engines
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_HOST="southwark.localhost")
    request.council = world.southwark.council
    markup = (
        engines["jinja2"]
        .from_string(
            '{% from "maps/macros.html" import applications_map with context %}'
            '<main lang="en">{{ applications_map("register-map", features, "Map of the applications listed below") }}'
            '</main><script src="/static/build/map.js"></script>'
        )
        .render({"features": APPLICATIONS}, request=request)
    )
    page.goto(url("southwark", "/sign-in"))
    page.set_content(markup)
    page.wait_for_function(MAP_READY, arg="my-map#register-map", timeout=20_000)
    expect(page.get_by_text("2 applications are shown on the map")).to_be_visible()

    x, y = page.evaluate(FEATURE_PIXEL, ["my-map#register-map", "26-00101-HAPP"])
    page.mouse.move(x, y)
    expect(page.locator("my-map#register-map")).to_have_attribute("title", "26-00101-HAPP, 3 Grove Lane")
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert page.url == url("southwark", "/register/second")


def test_an_administrator_sets_and_removes_the_councils_ordnance_survey_key(page, world, url, sign_in, offline):
    from tests.e2e.conftest import follow

    sign_in(page, "southwark", "administrator@southwark.gov.uk")
    page.goto(url("southwark", "/admin/api-keys"))
    follow(page, page.get_by_role("link", name="Ordnance Survey maps"))
    expect(page.get_by_text("Not set")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Ordnance Survey API key").fill("has a space in it")
    follow(page, page.get_by_role("button", name="Save the key"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The key must not contain spaces")
    assert_no_axe_violations(page)

    page.get_by_label("Ordnance Survey API key").fill(KEY)
    follow(page, page.get_by_role("button", name="Save the key"))
    expect(page.get_by_text(f"Set, ending in {KEY[-4:]}")).to_be_visible()
    assert KEY not in page.content()
    assert_no_axe_violations(page)

    follow(page, page.get_by_role("button", name="Remove the key"))
    expect(page.get_by_text("Not set")).to_be_visible()
