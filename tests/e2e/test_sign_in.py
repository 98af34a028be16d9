"""Signing in and out, for each role; a wrong password; a role refused a page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

ADMIN_LINKS = ("Users", "Application types", "Outbox")


@pytest.mark.parametrize("role", ["assessor", "reviewer", "administrator"])
def test_each_role_signs_in_sees_the_dashboard_and_signs_out(page, world, url, sign_in, role):
    page.goto(url("southwark", "/sign-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Southwark planning")
    assert_no_axe_violations(page)

    sign_in(page, "southwark", f"{role}@southwark.gov.uk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(page).to_have_title(re.compile(r"^Cases – Southwark planning$"))
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Cases")).to_be_visible()
    for text in ADMIN_LINKS:
        link = nav.get_by_role("link", name=text, exact=True)
        if role == "administrator":
            expect(link).to_be_visible()
        else:
            expect(link).to_have_count(0)
    # Officers start on their own cases; administrators, who have none, on all of them.
    current = page.get_by_role("navigation", name="Whose cases").locator("[aria-current=page]")
    expect(current).to_have_text("All cases" if role == "administrator" else "Your cases")
    assert_no_axe_violations(page)

    page.get_by_role("button", name=re.compile(r"^Sign out")).click()
    expect(page).to_have_url(url("southwark", "/sign-in"))
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_have_count(0)
    # Signed out for real: the case list asks to sign in again.
    page.goto(url("southwark", "/"))
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/$"))


def test_a_wrong_password_shows_the_error_summary(page, world, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk", "not-the-password", expect_success=False)

    expect(page).to_have_url(url("southwark", "/sign-in"))
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("The email address or password is not right")
    # The email address is kept; the password is not.
    expect(page.get_by_label("Email address")).to_have_value("assessor@southwark.gov.uk")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert_no_axe_violations(page)


def test_an_empty_sign_in_form_links_each_error_to_its_field(page, world, url):
    page.goto(url("southwark", "/sign-in"))
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    assert_no_axe_violations(page)


def test_an_assessor_cannot_open_the_administrators_pages(page, world, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk")

    for path in ("/admin/users", "/admin/users/invite", "/admin/application-types", "/admin/outbox"):
        response = page.goto(url("southwark", path))
        assert response.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    assert_no_axe_violations(page)


def test_an_administrator_can_read_a_case_but_not_assign_or_close_it(page, world, url, sign_in):
    case = world.southwark.cases["loft"]
    sign_in(page, "southwark", "administrator@southwark.gov.uk")

    page.goto(url("southwark", f"/applications/{case.reference}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference_in_full)
    expect(page.get_by_role("button", name="Assign")).to_have_count(0)
    expect(page.get_by_role("link", name="Withdraw this case")).to_have_count(0)

    response = page.goto(url("southwark", f"/applications/{case.reference}/withdraw"))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
