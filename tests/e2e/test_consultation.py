"""Consultation from end to end in a real browser: the officer chooses neighbours by drawing on the map, sends
letters and a consultee email, prints the site notice; a neighbour comments on the register; the consultee
responds through the link in the email; the officer redacts the comment and it is published. axe-core checks
every page on the way, the public ones too. And the officer's steps for a householder consultation (letters to
the adjoining premises, a site notice, one consultee) are counted against the issue's target."""

import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, follow, make_case, move_to_assessment
from tests.e2e.steps import StepCounter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def links_to_live_server(settings: Any, live_server: Any) -> None:
    settings.BOPS_PUBLIC_URL = f"http://localhost:{live_server.thread.port}"


@pytest.fixture
def consulted_case(world: Any) -> Any:
    """A validated, published householder case with addresses around it, a document for consultees, and a
    heritage consultee in the directory."""
    from bops.consultation.addresses import addresses_fill_around
    from bops.consultation.models import Consultee
    from bops.documents.services import document_add

    southwark = world.southwark
    case = move_to_assessment(
        make_case(
            southwark.council,
            address="14 Grove Park",
            postcode="SE5 8LH",
            description="Two storey side extension",
            officer=southwark.users["assessor"],
            days_ago=10,
        )
    )
    document = document_add(
        application=case, user=None, name="elevations.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    document.for_consultees = document.publishable = True
    document.save(update_fields=["for_consultees", "publishable"])
    addresses_fill_around([case])
    Consultee.objects.create(
        council=southwark.council,
        name="Harriet Heritage",
        organisation="Historic England",
        email="harriet@historicengland.example",
    )
    return case


def latest_message(to: str) -> Any:
    from bops.notifications.models import OutboxMessage

    message = OutboxMessage.objects.filter(to=to).order_by("-id").first()
    assert message is not None, f"no message to {to}"
    return message


def draw_square(page: Any, the_map: Any, half: int = 90) -> None:
    expect(the_map).to_be_visible()
    the_map.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # the component fades in
    box = the_map.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in [(-half, -half), (half, -half), (half, half), (-half, half), (-half, -half)]:
        page.mouse.click(x + dx, y + dy)
        page.wait_for_timeout(100)


def test_consultation_from_letters_to_a_published_comment(
    page: Any, world: Any, url: Any, sign_in: Any, links_to_live_server: None, consulted_case: Any
) -> None:
    import pypdf

    from bops.consultation.models import NeighbourLetter, PublicComment

    case = consulted_case
    alice = world.southwark.users["assessor"]
    sign_in(page, "southwark", alice.email)
    page.goto(url("southwark", f"/applications/{case.reference}"))
    follow(page, page.get_by_role("link", name="Consultation", exact=True))
    assert_no_axe_violations(page)

    # Neighbours: draw an area around the site on the map, add everyone in it, send the letters.
    follow(page, page.get_by_role("link", name="Neighbours and letters"))
    assert_no_axe_violations(page)
    draw_square(page, page.locator("my-map#neighbours-draw"), half=170)
    expect(page.get_by_label("Area to write to (GeoJSON)")).not_to_have_value("")
    follow(page, page.get_by_role("button", name="Add everyone in the area"))
    assert_no_axe_violations(page)
    assert case.consultation.neighbours.count() >= 3, "the drawn area should hold several of the addresses around"
    follow(page, page.get_by_role("button", name="Send letters"))
    assert_no_axe_violations(page)
    letters = NeighbourLetter.objects.filter(neighbour__consultation__application=case)
    assert letters.count() == case.consultation.neighbours.count()  # and the adjoining ones ticked on the page
    case.consultation.refresh_from_db()
    assert case.consultation.end_date is not None

    # A consultee from the directory, emailed.
    page.goto(url("southwark", f"/applications/{case.reference}/consultation/consultees"))
    assert_no_axe_violations(page)
    directory = page.get_by_label("Add a consultee from the directory")
    choice = directory.locator("option", has_text="Historic England").get_attribute("value")
    directory.select_option(value=choice)
    follow(page, page.get_by_role("button", name="Add", exact=True))
    page.get_by_role("group", name="Email these consultees").get_by_label(re.compile("Historic England")).check()
    follow(page, page.get_by_role("button", name="Send emails"))
    assert_no_axe_violations(page)

    # The site notice, printed by the officer.
    page.goto(url("southwark", f"/applications/{case.reference}/consultation/site-notice"))
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Does the case need a site notice?").get_by_label("Yes").check()
    page.get_by_role("group", name="Who will put it up?").get_by_label("The officer prints it").check()
    follow(page, page.get_by_role("button", name="Save", exact=True))
    assert_no_axe_violations(page)
    # Fetched by the page itself (the browser resolves *.localhost), as a click on the link would.
    fetched = page.evaluate(
        """async (path) => {
            const response = await fetch(path);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return {type: response.headers.get("content-type"), bytes: Array.from(bytes)};
        }""",
        f"/applications/{case.reference}/consultation/site-notice.pdf",
    )
    assert fetched["type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(bytes(fetched["bytes"]))).pages[0].extract_text()
    assert case.reference in text and "Tell us what you think by" in text

    # A neighbour comments on the public register (signed out: anyone may).
    page.context.clear_cookies()
    page.goto(url("southwark", f"/planning-applications/{case.reference}"))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("button", name="Comment on this application"))
    assert_no_axe_violations(page)
    page.get_by_label("Your name").fill("Nina Neighbour")
    page.get_by_label("Your address").fill("16 Grove Park, London SE5 8LH")
    page.get_by_role("group", name="What do you think of the application?").get_by_label("Objection").check()
    page.get_by_label("Privacy").check()
    page.get_by_label("Your comment").fill("The side window would look into my kitchen. <script>alert(1)</script>")
    follow(page, page.get_by_role("button", name="Send comment"))
    assert_no_axe_violations(page)
    comment = PublicComment.objects.get(application=case)
    assert comment.redacted_at is None and "<script>" in comment.text
    page.goto(url("southwark", f"/planning-applications/{case.reference}"))
    assert "kitchen" not in page.content()  # not published before an officer checks it

    # The consultee answers through the link in the email.
    email = latest_message("harriet@historicengland.example")
    link = re.search(r"https?://\S+/consultee/\S+", email.body).group(0)
    page.goto(link)
    assert_no_axe_violations(page)
    assert page.get_by_text("elevations.pdf").first.is_visible()
    page.get_by_role("group", name="Your advice").get_by_label("No objection").check()
    page.get_by_label("Your response").fill("No objection: the house is not in the conservation area.")
    follow(page, page.get_by_role("button", name="Send your response"))
    assert_no_axe_violations(page)
    assert case.consultation.consultees.get().status == "responded"

    # The officer redacts the neighbour's comment; it is then published on the register, escaped.
    sign_in(page, "southwark", alice.email)
    page.goto(url("southwark", f"/applications/{case.reference}/consultation/responses"))
    assert_no_axe_violations(page)
    page.goto(url("southwark", f"/applications/{case.reference}/consultation/responses/comments/{comment.pk}/redact"))
    assert_no_axe_violations(page)
    page.get_by_label("Text to publish").fill("The side window would look into my kitchen. <script>alert(1)</script>")
    follow(page, page.get_by_role("button", name="Save and publish"))
    comment.refresh_from_db()
    assert comment.redacted_at is not None and comment.redacted_by == alice
    page.context.clear_cookies()
    page.goto(url("southwark", f"/planning-applications/{case.reference}"))
    assert page.get_by_text("The side window would look into my kitchen.").is_visible()
    assert page.get_by_text("<script>alert(1)</script>").count() == 1  # shown as text, not run
    # Neither the commenter's name nor their address is published with the comment. (Their house may be among the
    # addresses the site's map shows around it, which says nothing of who commented.)
    assert "Nina" not in page.content()
    (published,) = page.locator(".app-public-comment").all()
    assert "kitchen" in published.inner_text() and "16 Grove Park" not in published.inner_text()
    assert_no_axe_violations(page)


# Issue 11: neighbours were searched, added and sent in three steps, a consultee added then sent in two, the site
# notice saved and then dated in two, each save landing back on its own page: 14 steps from the case page to the
# overview with nothing left to do. Now each is one submit that lands on the overview.
CONSULTATION_STEPS = 7


def test_a_householder_consultation_takes_seven_steps(
    page: Any, world: Any, url: Any, sign_in: Any, consulted_case: Any
) -> None:
    from bops.consultation.models import CaseConsultee, NeighbourLetter, SiteNotice

    case = consulted_case
    counter = StepCounter(page)
    with counter.pause():
        sign_in(page, "southwark", world.southwark.users["assessor"].email)
        page.goto(url("southwark", f"/applications/{case.reference}"))
    counter.stage("consultation")

    follow(page, page.get_by_role("link", name="Consultation", exact=True))
    assert page.get_by_text("Publicity the law requires").is_visible()
    assert page.get_by_text("Required by DMPO 2015 art. 15(5)").is_visible()
    assert_no_axe_violations(page)

    # Letters to the adjoining premises: offered around the site, ticked, sent in one submit.
    follow(page, page.get_by_role("link", name=re.compile("^Send letters")))
    assert_no_axe_violations(page)
    ticked = page.get_by_role("group", name="Addresses around the site").get_by_role("checkbox", checked=True).count()
    assert ticked >= 2, "the adjoining addresses are ticked"
    follow(page, page.get_by_role("button", name="Send letters"))
    assert urlsplit(page.url).path == f"/applications/{case.reference}/consultation"
    assert NeighbourLetter.objects.filter(neighbour__consultation__application=case).count() == ticked

    # One consultee, added and emailed in one submit.
    follow(page, page.get_by_role("link", name="Consultees"))
    directory = page.get_by_label("Add a consultee from the directory")
    directory.select_option(value=directory.locator("option", has_text="Historic England").get_attribute("value"))
    follow(page, page.get_by_role("button", name="Add and send the email"))
    assert urlsplit(page.url).path == f"/applications/{case.reference}/consultation"
    assert CaseConsultee.objects.get(consultation__application=case).status == "awaiting_response"

    # The site notice: needed, printed by the officer, put up today, in one form.
    follow(page, page.get_by_role("link", name="Site notice", exact=True))
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Does the case need a site notice?").get_by_label("Yes").check()
    page.get_by_role("group", name="Who will put it up?").get_by_label("The officer prints it").check()
    page.get_by_label("Where should it go?").fill("On the lamp post by the front gate")
    page.get_by_label(re.compile("Date the notice went up")).fill(timezone.localdate().strftime("%d/%m/%Y"))
    follow(page, page.get_by_role("button", name="Save", exact=True))
    assert SiteNotice.objects.get(consultation__application=case).displayed_on == timezone.localdate()
    assert page.get_by_text("Period running").first.is_visible()  # done: only its 21 days are left to run
    assert_no_axe_violations(page)

    print(counter.report())
    assert counter.total <= CONSULTATION_STEPS, counter.report()


@pytest.mark.parametrize(
    "path",
    [
        "/applications/{ref}/consultation",
        "/applications/{ref}/consultation/neighbours",
        "/applications/{ref}/consultation/consultees",
        "/applications/{ref}/consultation/site-notice",
        "/applications/{ref}/consultation/press-notice",
        "/applications/{ref}/consultation/responses",
        "/applications/{ref}/consultation/responses/new",
        "/admin/consultees",
        "/admin/consultees/new",
    ],
)
def test_every_consultation_page_passes_axe(
    page: Any, world: Any, url: Any, sign_in: Any, consulted_case: Any, path: str
) -> None:
    user = world.southwark.users["administrator" if path.startswith("/admin") else "assessor"]
    sign_in(page, "southwark", user.email)
    response = page.goto(url("southwark", path.format(ref=consulted_case.reference)))
    assert response.status == 200
    assert_no_axe_violations(page)
    # The first form sent empty shows the error summary, which must pass too.
    buttons = page.locator("main form button[type=submit], main form button:not([type])")
    if buttons.count():
        before = page.url
        follow(page, buttons.first)
        if page.url == before:
            assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/planning-applications/{ref}", "/planning-applications/{ref}/comment"])
def test_the_public_pages_pass_axe_with_and_without_errors(
    page: Any, world: Any, url: Any, consulted_case: Any, path: str
) -> None:
    page.goto(url("southwark", path.format(ref=consulted_case.reference)))
    assert_no_axe_violations(page)
    if path.endswith("/comment"):
        follow(page, page.get_by_role("button", name="Send comment"))
        assert page.get_by_text("There is a problem").first.is_visible()
        assert_no_axe_violations(page)


def test_a_forged_consultee_link_is_refused(page: Any, world: Any, url: Any) -> None:
    response = page.goto(url("southwark", "/consultee/forged-token"))
    assert response.status == 404
    assert_no_axe_violations(page)
