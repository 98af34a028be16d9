"""What every page shares, as a person meets it: the footer and its pages, a form's address opened by hand, and
the outbox a page at a time."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations


def test_the_footers_pages_and_a_form_address_opened_by_hand(page, world, url, sign_in):
    page.goto(url("southwark", "/planning-applications"))
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text("Southwark planning service")
    expect(footer.get_by_role("link", name="MIT licence")).to_be_visible()
    # GOV.UK's crown and Crown copyright are not shown on a council's service.
    expect(footer.locator(".govuk-footer__crown")).to_be_hidden()
    expect(footer.get_by_role("link", name=re.compile("Crown copyright"))).to_be_hidden()
    assert_no_axe_violations(page)

    for name, heading in (
        ("Accessibility statement", "Accessibility statement"),
        ("Privacy", "Privacy"),
        ("Cookies", "Cookies"),
    ):
        page.get_by_role("contentinfo").get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_axe_violations(page)

    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    case = world.southwark.cases["extension"]
    page.goto(url("southwark", f"/applications/{case.reference}/assign"))
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is for sending a form")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Go to case {case.reference_in_full}").click()
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))


def test_the_outbox_a_page_at_a_time(page, world, url, sign_in):
    from bops.notifications.models import OutboxMessage

    council = world.southwark.council
    case = world.southwark.cases["loft"]
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            council=council,
            application=case if n % 2 else None,
            to=f"p{n}@example.com",
            subject=f"Message {n}",
            body=f"Dear p{n},\n\nLine one\nLine two",
        )
        for n in range(40)
    )
    sign_in(page, "southwark", "administrator@southwark.gov.uk")
    page.goto(url("southwark", "/admin/outbox"))
    expect(page.locator(".app-outbox__item")).to_have_count(25)
    assert page.evaluate("document.documentElement.scrollHeight") < 6000
    first = page.locator(".app-outbox__item").first
    first.locator(".govuk-details__summary-text").click()
    expect(first.locator(".app-message-text")).to_contain_text("Line one")
    assert_no_axe_violations(page)

    page.get_by_role("navigation", name="Pages of messages").get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("showing 26 to"))).to_be_visible()

    page.get_by_label("Case reference").fill(case.reference_in_full)
    page.get_by_role("button", name="Show messages").click()
    items = page.locator(".app-outbox__item")
    expect(page.get_by_role("heading", level=2, name=re.compile("messages found"))).to_contain_text("20 messages")
    expect(items.first).to_contain_text(case.reference_in_full)
    assert_no_axe_violations(page)
