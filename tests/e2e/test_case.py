"""A case: its page (key dates, what is left, the red line boundary on the map), its address as printed, assigning
it (to oneself in one submit), withdrawing it."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

SCREENSHOT = "/tmp/e2e-case.png"

# Pixels of the boundary's red (#ff0000) in the map component's canvases.
RED_PIXELS = """(() => { const map = document.querySelector("my-map"); let count = 0;
  for (const canvas of map?.shadowRoot?.querySelectorAll("canvas") ?? []) {
    const ctx = canvas.width && canvas.height && canvas.getContext("2d"); if (!ctx) continue;
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i+1] < 60 && d[i+2] < 60 && d[i+3] > 200) count++; }
  return count; })()"""

MAP_SHOWN = """() => { const map = document.querySelector("my-map")?.shadowRoot?.querySelector(".map");
  return Boolean(map) && getComputedStyle(map).opacity === "1"; }"""


def test_a_case_opened_from_the_dashboard_shows_its_dates_and_boundary(page, world, url, sign_in, offline):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    case = world.southwark.cases["extension"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")

    page.get_by_role("link", name=case.reference_in_full, exact=True).click()
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference_in_full)
    expect(page).to_have_title(f"{case.reference_in_full} – Southwark planning")
    expect(page.locator(".app-case-status")).to_contain_text("In assessment")
    expect(page.get_by_text("Single storey rear extension to a terraced house")).to_be_visible()
    expect(page.get_by_text("12 Bellenden Road, London, SE15 4QN")).to_be_visible()

    key_dates = page.locator("h2#key-dates + dl")
    for label in ("Received", "Valid from", "Statutory determination date", "Target date", "Statutory period"):
        expect(key_dates.locator("dt", has_text=re.compile(rf"^\s*{label}\s*$"))).to_have_count(1)
    expect(key_dates).to_contain_text("56 days")
    expect(key_dates.locator("dd strong").first).not_to_have_text("Not yet")

    expect(page.locator(".govuk-summary-card", has_text="Applicant")).to_contain_text("Jo Applicant")
    expect(page.get_by_text("No documents yet.")).to_be_visible()
    history = page.locator("ol.app-timeline")
    for event in ("Application created", "Accepted for validation", "Valid-from date set", "Validated"):
        expect(history.get_by_role("heading", name=event, exact=True)).to_have_count(1)

    the_map = page.locator("my-map")
    expect(the_map).to_have_attribute("basemap", "none")
    expect(the_map).to_have_attribute("aria-label", re.compile("red line boundary"))
    the_map.scroll_into_view_if_needed()
    page.wait_for_function(f"() => {RED_PIXELS} > 100", timeout=15_000)
    assert page.evaluate(RED_PIXELS) > 100
    # The component shows the map (fades it in from opacity 0) once it is ready.
    page.wait_for_function(MAP_SHOWN, timeout=15_000)
    expect(page.locator("figcaption")).to_contain_text("square metres")

    page.screenshot(path=SCREENSHOT, full_page=True)
    assert errors == []
    assert offline == [], "the map (basemap none) asked for something on the internet"
    assert_no_axe_violations(page)


def test_a_case_without_a_boundary_says_so(page, world, url, sign_in):
    case = world.southwark.cases["outbuilding"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    page.goto(url("southwark", f"/applications/{case.reference}"))
    expect(page.get_by_text("No red line boundary has been submitted.")).to_be_visible()
    expect(page.locator("my-map")).to_have_count(0)
    assert_no_axe_violations(page)


def test_an_officer_assigns_a_case_then_withdraws_it(page, world, url, sign_in):
    from bops.notifications.models import OutboxMessage

    case = world.southwark.cases["conservatory"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    page.goto(url("southwark", f"/applications/{case.reference}"))

    page.get_by_label("Assign this case to").select_option(label="Colin Colleague")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("The case is assigned to Colin Colleague.")
    expect(page.locator(".govuk-summary-list__row", has_text="Assigned officer")).to_contain_text("Colin Colleague")
    history = page.locator("ol.app-timeline")
    assigned = history.locator("li", has=page.get_by_role("heading", name="Assigned", exact=True))
    expect(assigned).to_have_count(1)
    expect(assigned).to_contain_text("Alice Assessor")
    expect(assigned).to_contain_text("To Colin Colleague")
    expect(page.get_by_label("Assign this case to")).to_have_value(str(world.southwark.users["colleague"].pk))
    assert OutboxMessage.objects.filter(to="colin@southwark.gov.uk", application=case).count() == 1
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Withdraw this case").click()
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}/withdraw"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw this case")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Withdraw case").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter the reason")).to_be_visible()
    expect(page.locator(".govuk-error-message")).to_contain_text("Enter the reason")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_no_axe_violations(page)

    reason = "The applicant withdrew the application by email on Friday."
    page.get_by_label("Why is the case being withdrawn?").fill(reason)
    page.get_by_role("button", name="Withdraw case").click()
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The case is withdrawn.")
    expect(page.locator(".app-case-status .govuk-tag").first).to_have_text("Withdrawn")
    expect(page.locator(".govuk-inset-text")).to_have_text(f"Withdrawn: {reason}")
    withdrawn = history.locator("li", has=page.get_by_role("heading", name="Withdrawn", exact=True))
    expect(withdrawn).to_contain_text(reason)
    # A closed case offers no more closing actions.
    expect(page.get_by_role("link", name="Withdraw this case")).to_have_count(0)
    assert_no_axe_violations(page)


def test_the_reference_as_printed_opens_the_case(page, world, url, sign_in):
    case = world.southwark.cases["loft"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    for typed in (case.reference_in_full, case.reference_in_full.lower(), case.reference.lower()):
        response = page.goto(url("southwark", f"/applications/{typed}"))
        assert response.status == 200
        expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
        expect(page.get_by_role("heading", level=1)).to_have_text(case.reference_in_full)
    lambeth = world.lambeth.cases["basement"]
    response = page.goto(url("southwark", f"/applications/{lambeth.reference_in_full}"))
    assert response.status == 404


def test_the_case_page_says_what_is_left_and_an_officer_takes_the_case(page, world, url, sign_in):
    case = world.southwark.cases["outbuilding"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    page.goto(url("southwark", f"/applications/{case.reference}"))

    left = page.locator("h2#what-is-left + dl")
    expect(left.locator(".govuk-summary-list__row", has_text="Next step")).to_contain_text("Check and validate")
    expect(left.locator(".govuk-summary-list__row", has_text="Determination date")).to_contain_text("working days")
    tasks = left.locator(".govuk-summary-list__row", has_text="Tasks left").get_by_role("link")
    assert tasks.count() > 1
    expect(tasks.filter(has_text="Check description")).to_have_attribute(
        "href", f"/applications/{case.reference}/validation/description"
    )
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Assign to me").click()
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The case is assigned to you.")
    expect(page.locator(".govuk-summary-list__row", has_text="Assigned officer")).to_contain_text("Alice Assessor")
    expect(page.get_by_role("button", name="Assign to me")).to_have_count(0)
    expect(page.get_by_label("Assign this case to")).to_be_visible()  # assigning someone else stays possible
    assert_no_axe_violations(page)
