"""An administrator's pages: users and invitations, the outbox, application types."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations

NEW_PASSWORD = "a-long-and-unusual-pass-2026"


def nav(page):
    return page.get_by_role("navigation", name="Menu")


def test_an_invited_user_sets_a_password_from_the_outbox_and_signs_in(page, world, url, sign_in):
    sign_in(page, "southwark", "administrator@southwark.gov.uk")

    nav(page).get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    expect(page.locator("table")).to_contain_text("Alice Assessor")
    expect(page.locator("table")).not_to_contain_text("Larry Assessor")  # Lambeth's
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Invite a user").click()
    expect(page).to_have_url(url("southwark", "/admin/users/invite"))
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in ("Enter the person's name", "Enter their email address", "Choose a role"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    assert_no_axe_violations(page)
    summary.get_by_role("link", name="Choose a role").click()
    expect(page.get_by_label("Assessor")).to_be_focused()

    page.get_by_label("Full name").fill("Nina Newcomer")
    page.get_by_label("Email address").fill("Nina.Newcomer@southwark.gov.uk")
    page.get_by_label("Reviewer").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page).to_have_url(url("southwark", "/admin/users"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Nina Newcomer has been invited. The invitation is in the outbox."
    )
    row = page.locator("tbody tr", has_text="Nina Newcomer")
    expect(row).to_contain_text("nina.newcomer@southwark.gov.uk")
    expect(row).to_contain_text("Reviewer")
    assert_no_axe_violations(page)

    # Inviting the same address again is refused.
    page.goto(url("southwark", "/admin/users/invite"))
    page.get_by_label("Full name").fill("Nina Again")
    page.get_by_label("Email address").fill("nina.newcomer@southwark.gov.uk")
    page.get_by_label("Assessor").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is already an account with this email address.")

    nav(page).get_by_role("link", name="Outbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    message = page.locator(".app-outbox__item", has_text="nina.newcomer@southwark.gov.uk")
    subject = message.locator(".govuk-details__summary-text")
    expect(subject).to_have_text("You have been invited to Southwark planning")
    subject.click()
    assert_no_axe_violations(page)
    body = message.locator(".app-message-text").inner_text()
    found = re.search(r"Set your password here: (\S+)", body)
    assert found, body
    link = found.group(1)
    assert link.startswith(url("southwark", "/account/set-password/")), link

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    assert_no_axe_violations(page)

    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm the password").fill("something-else-entirely")
    page.get_by_role("button", name="Set password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    assert_no_axe_violations(page)

    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page).to_have_url(url("southwark", "/sign-in"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your password has been set.")
    assert_no_axe_violations(page)

    # The link works once.
    response = page.goto(link)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")

    sign_in(page, "southwark", "nina.newcomer@southwark.gov.uk", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(nav(page).get_by_role("link", name="Users")).to_have_count(0)


def test_an_administrator_deactivates_a_user_who_then_cannot_sign_in(page, world, url, sign_in):
    sign_in(page, "southwark", "administrator@southwark.gov.uk")
    page.goto(url("southwark", "/admin/users"))
    # No button to deactivate oneself.
    expect(page.locator("tbody tr", has_text="Adam Admin").get_by_role("button")).to_have_count(0)

    page.get_by_role("button", name="Deactivate Rita Reviewer").click()
    expect(page).to_have_url(url("southwark", "/admin/users"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Rita Reviewer has been deactivated.")
    row = page.locator("tbody tr", has_text="Rita Reviewer")
    expect(row).to_contain_text("Deactivated")
    expect(row.get_by_role("button", name="Reactivate Rita Reviewer")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(page, "southwark", "reviewer@southwark.gov.uk", expect_success=False)
    expect(page.locator(".govuk-error-summary")).to_contain_text("The email address or password is not right")


def test_an_administrator_overrides_a_determination_period(page, world, url, sign_in):
    sign_in(page, "southwark", "administrator@southwark.gov.uk")

    nav(page).get_by_role("link", name="Application types").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application types")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Planning Permission - Full householder", exact=True).click()
    expect(page).to_have_url(url("southwark", "/admin/application-types/pp.full.householder"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning Permission - Full householder")
    assert_no_axe_violations(page)

    period = page.get_by_label("Determination period in days (optional)")
    period.fill("abc")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the period as a whole number of days")
    expect(period).to_have_value("abc")
    assert_no_axe_violations(page)

    period.fill("400")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The period must be 365 days or fewer")

    period.fill("70")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(url("southwark", "/admin/application-types#type-HAPP"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Planning Permission - Full householder has been updated."
    )
    expect(page.locator("#type-HAPP")).to_contain_text("70 days (changed from 56)")
    assert_no_axe_violations(page)

    # Lambeth's period is its own.
    from bops.applications.models import ApplicationType

    assert ApplicationType.objects.get(council=world.lambeth.council, code="pp.full.householder").period_days == 56
