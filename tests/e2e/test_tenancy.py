"""Each council sees only its own cases and users, on its own address."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations


def test_another_councils_case_is_not_found(page, world, url, sign_in):
    lambeth_case = world.lambeth.cases["basement"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")

    response = page.goto(url("southwark", f"/applications/{lambeth_case.reference}"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(lambeth_case.description)).to_have_count(0)
    assert_no_axe_violations(page)

    # Nor can its reference be found by search.
    page.goto(url("southwark", f"/?tab=all&q={lambeth_case.reference}"))
    expect(page.locator("#no-cases")).to_be_visible()


def test_a_session_does_not_reach_another_council(page, world, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk")

    page.goto(url("lambeth", "/"))
    expect(page).to_have_url(url("lambeth", "/sign-in?next=/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lambeth planning")
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_have_count(0)
    assert_no_axe_violations(page)

    # Southwark's credentials do not work on Lambeth's address.
    page.get_by_label("Email address").fill("assessor@southwark.gov.uk")
    page.get_by_label("Password", exact=True).fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The email address or password is not right")

    # Still signed in at Southwark.
    page.goto(url("southwark", "/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")


def test_an_unknown_council_address_says_so(page, world, url):
    response = page.goto(url("nowhere", "/"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("There is no council at this address")
    expect(page.locator("main")).to_contain_text("nowhere")
    assert_no_axe_violations(page)

    response = page.goto(url("nowhere", "/sign-in"))
    assert response.status == 404
