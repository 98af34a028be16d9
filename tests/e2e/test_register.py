"""The public register in a real browser, signed out: search by postcode with a filter, the map of applications
(a click on an application opens it), a case with its documents and comments, a comment sent through the form and
published once an officer redacts it; axe-core on every register page, with and without results and errors."""

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, follow, is_local

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def on_register(world: Any) -> Any:
    """The Southwark extension (in assessment) with a published document, an unpublished one, and a redacted
    comment."""
    from bops.consultation import comments
    from bops.documents.services import document_add

    case = world.southwark.cases["extension"]
    for name, publishable in (("proposed-elevations.pdf", True), ("bank-statement.pdf", False)):
        document = document_add(
            application=case, user=None, name=name, content=PDF, content_type="application/pdf",
            tags=["elevations.proposed"],
        )  # fmt: skip
        document.publishable = publishable
        document.save(update_fields=["publishable"])
    item = comments.public_comment_submit(
        council=case.council,
        application_id=case.pk,
        comment=comments.NewComment(
            name="Sam Nearby", address="10 Bellenden Road", stance="support", topics=["design"], text="Sam here. Fine."
        ),
        client_key="e2e",
    )
    comments.public_comment_redact(
        council=case.council,
        application_id=case.pk,
        comment_id=item.pk,
        user=world.southwark.users["assessor"],
        redacted_text="A handsome design that suits the street.",
    )
    return case


def results(page: Any) -> Any:
    return page.locator(".app-register-results > li")


def test_search_map_case_comment_and_redaction(page: Any, world: Any, url: Any, sign_in: Any, on_register: Any) -> None:
    case = on_register
    page.goto(url("southwark", "/planning-applications"))
    expect(page.locator("#results-count")).to_have_text("5 applications")
    assert_no_axe_violations(page)

    # Search by postcode, with a status filter.
    page.get_by_label("Search planning applications").fill("SE15 4QN")
    page.get_by_role("group", name="Status").get_by_label("Assessment in progress").check()
    follow(page, page.get_by_role("button", name="Search", exact=True))
    expect(page.locator("#results-count")).to_contain_text("1 application")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("12 Bellenden Road")
    expect(page.get_by_label("Search planning applications")).to_have_value("SE15 4QN")
    assert_no_axe_violations(page)

    # The same search on the map.
    follow(page, page.get_by_role("link", name="See these applications on a map"))
    assert urlsplit(page.url).path == "/planning-applications/map"
    expect(page.locator("#map-list li")).to_have_count(1)
    assert_no_axe_violations(page)
    the_map = page.locator("my-map#applications-map")
    expect(the_map).to_be_visible()
    the_map.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the component fades in and fits the features
    box = the_map.bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert urlsplit(page.url).path == f"/planning-applications/{case.reference}"

    # The case: its status, documents and published comments.
    expect(page.get_by_role("heading", level=1)).to_contain_text("12 Bellenden Road")
    expect(page.locator("#status")).to_contain_text("Assessment in progress")
    expect(page.get_by_role("link", name="proposed-elevations.pdf")).to_be_visible()
    assert page.get_by_text("bank-statement.pdf").count() == 0
    expect(page.get_by_text("A handsome design that suits the street.")).to_be_visible()
    assert "Sam" not in page.content()
    expect(page.locator("#history")).to_contain_text("Application received")
    assert_no_axe_violations(page)

    # A comment, first sent empty, then filled in.
    follow(page, page.get_by_role("button", name="Comment on this application"))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("button", name="Send comment"))
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Your name").fill("Nina Neighbour")
    page.get_by_label("Your address").fill("14 Bellenden Road, London SE15 4QN")
    page.get_by_role("group", name="What do you think of the application?").get_by_label("Objection").check()
    page.get_by_label("Light").check()
    page.get_by_label("Your comment").fill("Nina at number 14: the extension would block the light to my kitchen.")
    follow(page, page.get_by_role("button", name="Send comment"))
    expect(page.get_by_role("heading", name="Thank you for your comment")).to_be_visible()
    assert_no_axe_violations(page)

    from bops.consultation.models import PublicComment

    comment = PublicComment.objects.get(application=case, name="Nina Neighbour")
    assert comment.redacted_at is None

    # An officer redacts it through the officers' page; it is then on the case page, redacted.
    sign_in(page, "southwark", world.southwark.users["assessor"].email)
    page.goto(url("southwark", f"/applications/{case.reference}/consultation/responses/comments/{comment.pk}/redact"))
    page.get_by_label("Text to publish").fill("The extension would block the light to my kitchen.")
    follow(page, page.get_by_role("button", name="Save and publish"))
    comment.refresh_from_db()
    assert comment.redacted_at is not None
    page.context.clear_cookies()
    page.goto(url("southwark", f"/planning-applications/{case.reference}"))
    page.reload()  # the page may be cached for a minute; a reader reloading sees the new comment
    expect(page.get_by_text("The extension would block the light to my kitchen.")).to_be_visible()
    expect(page.locator("#comment-summary")).to_contain_text("2 published comments")
    assert "Nina" not in page.content()
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/planning-applications", 200),
        ("/planning-applications?query=no+such+place+at+all", 200),
        ("/planning-applications?from-day=30&from-month=2&from-year=2026&query=Rye", 400),
        ("/planning-applications?page=abc", 400),
        ("/planning-applications/map", 200),
        ("/planning-applications/map?applicationType=pp.rocket", 400),
        ("/planning-applications/{ref}", 200),
        ("/planning-applications/{withdrawn}/comment", 200),
        ("/planning-applications/26-99999-HAPP", 404),
    ],
)
def test_every_register_page_passes_axe(page: Any, world: Any, url: Any, path: str, status: int) -> None:
    cases = world.southwark.cases
    response = page.goto(
        url("southwark", path.format(ref=cases["extension"].reference, withdrawn=cases["withdrawn"].reference))
    )
    assert response.status == status
    if status == 400:
        expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_map_and_list_work_without_javascript(browser: Any, world: Any, url: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    try:
        page = context.new_page()
        page.goto(url("southwark", "/planning-applications"))
        page.get_by_label("Search planning applications").fill("SE5")
        page.get_by_role("group", name="Application type").get_by_label(
            "Lawful Development Certificate - Proposed use"
        ).check()
        follow(page, page.get_by_role("button", name="Apply filters"))
        expect(results(page)).to_have_count(1)
        expect(results(page).first).to_contain_text("7 Camberwell Grove")
        follow(page, page.get_by_role("link", name="See these applications on a map"))
        expect(page.locator("#map-list a")).to_have_count(1)
        follow(page, page.locator("#map-list a").first)
        expect(page.get_by_role("heading", level=1)).to_contain_text("7 Camberwell Grove")
    finally:
        context.close()
