"""An officer draws the red line on the map when adding an application by hand."""

import json

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, follow


def test_an_officer_draws_the_boundary_on_the_map(page, world, url, sign_in, offline):
    from bops.applications.models import PlanningApplication

    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    page.goto(url("southwark", "/applications/new"))
    the_map = page.locator("my-map#boundary-draw")
    expect(the_map).to_be_visible()
    the_map.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # the component fades in
    box = the_map.bounding_box()
    centre_x, centre_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in [(-60, -40), (60, -40), (60, 40), (-60, 40), (-60, -40)]:
        page.mouse.click(centre_x + dx, centre_y + dy)
        page.wait_for_timeout(100)
    boundary = page.get_by_label("Red line boundary (optional)")
    expect(boundary).not_to_have_value("")
    drawn = json.loads(boundary.input_value())
    ring = drawn["geometry"]["coordinates"][0]
    assert drawn["geometry"]["type"] == "Polygon"
    assert len(ring) == 5
    assert ring[0] == ring[-1]
    assert all(50 < lat < 56 and -6 < lon < 2 for lon, lat in ring)  # in England, longitude first
    assert_no_axe_violations(page)

    page.get_by_label("Application type").select_option(label="Planning Permission - Full householder")
    page.get_by_label("Address line 1").fill("7 Choumert Road")
    page.get_by_label("Postcode").fill("SE15 4SE")
    page.get_by_label("Description of the proposal").fill("Single storey rear extension")
    page.get_by_label("Applicant's name").fill("Sam Paper")
    page.get_by_label("Applicant's email address").fill("sam.paper@example.com")
    follow(page, page.get_by_role("button", name="Add the application"))
    expect(page.get_by_text("has been added")).to_be_visible()
    application = PlanningApplication.objects.get(address_line_1="7 Choumert Road")
    assert application.boundary["geometry"]["coordinates"][0] == ring
    assert 100 < application.boundary_area_m2 < 10_000
