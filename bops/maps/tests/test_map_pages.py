"""Every map page renders the one macro: the OS base map through the proxy with a key, else words and dots."""

import html as html_lib
import json
import re

import pytest
from django.template import engines
from django.test import RequestFactory

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application
from bops.consultation.addresses import addresses_fill_around
from bops.validation.links import link_token
from bops.validation.models import RequestKind
from bops.validation.services import NewRequest, application_invalidate, validation_request_create

KEY = "SwkOsKey0123456789abcdefABCDwxyz"
NO_BASE_MAP = "No base map: the council has not set up Ordnance Survey maps."


def maps_in(html: str) -> list[str]:
    return re.findall(r"<my-map\b[^>]*>", html)


def points_of(tag: str) -> dict:
    found = re.search(r'data-points="([^"]*)"', tag)
    return json.loads(html_lib.unescape(found.group(1))) if found else {}


@pytest.fixture
def case(southwark):
    application = make_application(southwark)
    addresses_fill_around([application])
    return application


def in_assessment(case, swk_users):
    """Neighbours are written to once a case is valid."""
    from bops.applications.tests.builders import make_application_in

    council = type(case.council).objects.get(pk=case.council_id)
    other = make_application_in(council, Status.IN_ASSESSMENT, swk_users, address="14 Bellenden Road")
    return f"/applications/{other.reference}/consultation/neighbours"


def boundary_request(case, swk_users):
    validation_request_create(
        council=case.council,
        application_id=case.pk,
        user=swk_users[Role.ASSESSOR],
        new=NewRequest(kind=RequestKind.BOUNDARY_CHANGE, reason="It misses the garage.", proposed=case.boundary),
    )
    application_invalidate(council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR])
    request = case.validation_requests.get()
    token = link_token(council_id=case.council_id, application_id=case.pk)
    return f"/respond/{token}/requests/{request.pk}"


PAGES = {
    "case": (lambda case, users: f"/applications/{case.reference}", 1),
    "new application": (lambda case, users: "/applications/new", 1),
    "boundary check": (lambda case, users: f"/applications/{case.reference}/validation/boundary", 2),
    "neighbours": (in_assessment, 1),
    "applicant's boundary comparison": (boundary_request, 2),
}


def get_page(name, case, swk_users, client_for):
    make_path, _ = PAGES[name]
    path = make_path(case, swk_users)
    signed_in = None if name.startswith("applicant") else swk_users[Role.ASSESSOR]
    response = client_for(case.council, signed_in).get(path)
    assert response.status_code == 200, (name, path, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_with_a_key_every_map_asks_the_tile_proxy_and_the_key_stays_on_the_server(
    name, case, southwark, swk_users, client_for
):
    type(southwark).objects.filter(pk=southwark.pk).update(os_maps_api_key=KEY)
    html = get_page(name, case, swk_users, client_for)

    tags = maps_in(html)
    assert len(tags) == PAGES[name][1]
    for tag in tags:
        assert 'basemap="OSRaster"' in tag
        assert 'osProxyEndpoint="http://southwark.localhost/map-tiles"' in tag
        assert "data-points" not in tag  # the base map shows the houses
    assert KEY not in html
    assert NO_BASE_MAP not in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_without_a_key_the_map_says_so_and_shows_the_addresses_around_the_site(name, case, swk_users, client_for):
    html = get_page(name, case, swk_users, client_for)

    tags = maps_in(html)
    assert len(tags) == PAGES[name][1]
    assert NO_BASE_MAP in html
    for tag in tags:
        assert 'basemap="none"' in tag and "osProxyEndpoint" not in tag
    if name == "new application":
        return  # no site yet: nothing to show around it
    points = points_of(tags[0])
    labels = [feature["properties"]["label"] for feature in points["features"]]
    assert len(labels) > 10
    assert all(feature["geometry"]["type"] == "Point" for feature in points["features"])
    assert any(label.endswith("Bellenden Road, London, SE15 4RF") for label in labels)
    assert "The grey dots are the" in html


@pytest.mark.django_db
def test_without_javascript_the_case_page_lists_the_addresses_on_the_map(case, swk_users, client_for):
    html = get_page("case", case, swk_users, client_for)
    assert "Addresses shown on the map (" in html
    assert "<figcaption" in html and "Red line boundary:" in html
    assert "with the " in maps_in(html)[0] and "addresses nearby as grey dots" in maps_in(html)[0]


@pytest.mark.django_db
def test_a_map_with_no_addresses_around_still_shows_its_red_line(southwark, swk_users, client_for):
    lonely = make_application(southwark, address="1 Nowhere Lane")
    html = client_for(southwark, swk_users[Role.ASSESSOR]).get(f"/applications/{lonely.reference}").content.decode()
    [tag] = maps_in(html)
    assert "geojsonData=" in tag and NO_BASE_MAP in html
    assert "data-points" not in tag and "The grey dots" not in html


def render_applications_map(request, features):
    template = engines["jinja2"].from_string(
        '{% from "maps/macros.html" import applications_map with context %}'
        '{{ applications_map("register-map", features, "Map of the applications listed below") }}'
    )
    return template.render({"features": features}, request=request)


FEATURES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"reference": "24-00100-HAPP", "address": "12 Bellenden Road", "url": "/register/24-00100"},
            "geometry": {"type": "Point", "coordinates": [-0.0707, 51.4689]},
        },
        {
            "type": "Feature",
            "properties": {"reference": "24-00101-HAPP", "address": "3 Grove Lane <b>", "url": "/register/24-00101"},
            "geometry": {"type": "Point", "coordinates": [-0.0868, 51.4700]},
        },
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("has_key", [True, False])
def test_the_applications_map_carries_its_features_for_the_browser(southwark, has_key):
    southwark.os_maps_api_key = KEY if has_key else ""
    request = RequestFactory().get("/register", HTTP_HOST="southwark.localhost")
    request.council = southwark

    html = render_applications_map(request, FEATURES)

    [tag] = maps_in(html)
    assert 'id="register-map"' in tag and 'aria-label="Map of the applications listed below"' in tag
    carried = json.loads(html_lib.unescape(re.search(r'data-features="([^"]*)"', tag).group(1)))
    assert carried == FEATURES
    assert "<b>" not in html  # escaped in the attribute
    assert "2 applications are shown on the map" in html
    assert ('basemap="OSRaster"' in tag) is has_key
    assert (NO_BASE_MAP in html) is not has_key
    assert KEY not in html
