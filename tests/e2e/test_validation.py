"""Validation from end to end in a real browser: the officer asks, the applicant answers online, the officer
validates; axe-core checks every officer and applicant page on the way."""

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import assert_no_axe_violations, follow, make_case

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW_DESCRIPTION = "Single storey rear extension, 3 metres deep, with a flat roof"


@pytest.fixture
def links_to_live_server(settings: Any, live_server: Any) -> None:
    """Links in messages point at the live server (in production, at BOPS_PUBLIC_URL)."""
    settings.BOPS_PUBLIC_URL = f"http://localhost:{live_server.thread.port}"


def latest_message(to: str, subject_part: str) -> Any:
    from bops.notifications.models import OutboxMessage

    message = OutboxMessage.objects.filter(to=to, subject__contains=subject_part).order_by("-id").first()
    assert message is not None, f"no message to {to} about {subject_part!r}"
    return message


def test_officer_invalidates_applicant_answers_online_officer_validates(
    page: Any, world: Any, url: Any, sign_in: Any, links_to_live_server: None, tmp_path: Any
) -> None:
    from bops.applications.models import PlanningApplication
    from bops.core.dates import format_date, statutory_determination_date
    from bops.documents.services import document_add

    southwark = world.southwark
    alice = southwark.users["assessor"]
    case = make_case(
        southwark.council,
        address="7 Choumert Road",
        postcode="SE15 4AR",
        description="Rear extension",
        officer=alice,
        days_ago=7,
    )
    document_add(
        application=case,
        user=None,
        name="floor-plans.pdf",
        content=PDF,
        content_type="application/pdf",
        tags=["floorPlan.proposed"],
        received_at=case.received_at,
    )

    # The officer reviews the case: the drawing has no scale, and the description needs better words.
    sign_in(page, "southwark", alice.email)
    page.goto(url("southwark", f"/applications/{case.reference}"))
    follow(page, page.get_by_role("link", name="Check and validate").first)
    assert page.get_by_role("heading", name="Check and validate").is_visible()
    assert_no_axe_violations(page)

    follow(page, page.get_by_role("link", name="Review documents"))
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Is floor-plans.pdf valid?").get_by_label("No").check()
    page.get_by_label("Why is it invalid?").fill("The floor plans have no scale bar.")
    follow(page, page.get_by_role("button", name="Save and continue"))
    # Saving moves on to the next useful page: every other check can be confirmed together, so the task list.
    assert urlsplit(page.url).path == f"/applications/{case.reference}/validation"
    assert page.get_by_role("group", name="Confirm these checks together").is_visible()

    page.goto(url("southwark", f"/applications/{case.reference}/validation/description"))
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Is the description correct?").get_by_label("No").check()
    page.get_by_label("The description you propose").fill(NEW_DESCRIPTION)
    page.get_by_label("Why should it change?").fill("The description should say how deep the extension is.")
    page.get_by_label("Yes: send it to the applicant").check()
    follow(page, page.get_by_role("button", name="Save and continue"))

    page.goto(url("southwark", f"/applications/{case.reference}/validation/decision"))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("button", name="Invalidate application"))
    assert page.get_by_text("The application is invalid").is_visible()

    # The applicant opens the link in the invalidation notice.
    notice = latest_message("applicant@example.com", "not valid yet")
    assert "The floor plans have no scale bar." in notice.body and NEW_DESCRIPTION in notice.body
    link = re.search(r"https?://\S+/respond/\S+", notice.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    assert_no_axe_violations(page)
    answer_links = page.get_by_role("link", name=re.compile("^Answer"))
    assert answer_links.count() == 2

    # The replacement document.
    follow(page, answer_links.first)
    assert_no_axe_violations(page)
    replacement = tmp_path / "floor-plans-with-scale.pdf"
    replacement.write_bytes(PDF)
    page.locator("input[type=file]").set_input_files(str(replacement))
    follow(page, page.get_by_role("button", name="Send your answer"))
    assert page.get_by_text("Thank you").first.is_visible()

    # The description: the applicant sees both wordings and agrees.
    follow(page, page.get_by_role("link", name=re.compile("^Answer")).first)
    assert page.get_by_text(NEW_DESCRIPTION).first.is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Do you agree?").get_by_label("Yes").check()
    follow(page, page.get_by_role("button", name="Send your answer"))
    assert page.get_by_role("link", name=re.compile("^Answer")).count() == 0
    assert_no_axe_violations(page)

    # The officer was told, and sees the updates.
    assert latest_message(alice.email, "has an update")
    sign_in(page, "southwark", alice.email)
    page.goto(url("southwark", f"/applications/{case.reference}"))
    assert page.get_by_text("2 new answers from the applicant").is_visible()
    follow(page, page.get_by_role("link", name="Check and validate").first)
    assert page.get_by_text("Action required").first.is_visible()
    follow(page, page.get_by_role("link", name="2 to read"))
    assert page.get_by_text("Updated").first.is_visible()
    assert_no_axe_violations(page)

    # The new document is reviewed as valid; the old one is archived and no longer listed.
    page.goto(url("southwark", f"/applications/{case.reference}/validation/review-documents"))
    assert page.get_by_role("heading", name="floor-plans-with-scale.pdf").is_visible()
    assert page.get_by_role("heading", name="floor-plans.pdf", exact=True).count() == 0
    page.get_by_role("group", name="Is floor-plans-with-scale.pdf valid?").get_by_label("Yes").check()
    follow(page, page.get_by_role("button", name="Save and continue"))

    # Validate: the valid-from date offered is the day the last required item counts as received: today, or in the
    # evening the next working day (DMPO 2015 art. 34(6)(c); bops.core.dates.receipt_date).
    page.goto(url("southwark", f"/applications/{case.reference}/validation/decision"))
    from django.utils import timezone

    from bops.core.dates import receipt_date

    today = receipt_date(timezone.now())
    assert page.get_by_label("Valid from").input_value() == today.strftime("%d/%m/%Y")
    follow(page, page.get_by_role("button", name="Validate application"))
    assert urlsplit(page.url).path == f"/applications/{case.reference}"
    assert page.get_by_text("The application is valid").is_visible()
    assert_no_axe_violations(page)

    case = PlanningApplication.objects.get(pk=case.pk)
    assert case.status == "in_assessment" and case.description == NEW_DESCRIPTION
    expected = statutory_determination_date(valid_from=today, period_days=56)
    assert case.statutory_date == expected == today + timedelta(days=56)
    validation_notice = latest_message("applicant@example.com", "is valid")
    assert f"valid from {format_date(today)}" in validation_notice.body
    assert format_date(expected) in validation_notice.body


def test_an_expired_link_offers_a_new_one(page: Any, world: Any, url: Any, links_to_live_server: None) -> None:
    import time_machine
    from django.conf import settings

    from bops.validation.links import link_token

    case = world.southwark.cases["loft"]
    token = link_token(council_id=case.council_id, application_id=case.pk)
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timedelta(days=settings.APPLICANT_LINK_DAYS + 1)):
        page.goto(url("southwark", f"/respond/{token}"))
        assert page.get_by_text("This link has expired").first.is_visible()
        assert_no_axe_violations(page)
        follow(page, page.get_by_role("button", name="Send me a new link"))
    assert latest_message("applicant@example.com", "your new link")


def test_a_forged_link_is_refused(page: Any, world: Any, url: Any) -> None:
    response = page.goto(url("southwark", "/respond/not-a-real-token"))
    assert response.status == 404
    assert page.get_by_text("This link is not valid").first.is_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/review-documents",
        "/check-documents",
        "/boundary",
        "/constraints",
        "/fee",
        "/reporting",
        "/cil",
        "/eia",
        "/ownership",
        "/other-requests",
        "/requests",
        "/requests/new",
        "/decision",
    ],
)
def test_every_validation_page_passes_axe(page: Any, world: Any, url: Any, sign_in: Any, path: str) -> None:
    case = world.southwark.cases["loft"]
    sign_in(page, "southwark", world.southwark.users["assessor"].email)
    response = page.goto(url("southwark", f"/applications/{case.reference}/validation{path}"))
    assert response.status == 200
    assert_no_axe_violations(page)
    # A form sent as it is: where that is not enough, the error summary shows, and must pass too (check and
    # request documents and the single reporting type are complete as they stand, so those move on; the decision
    # offers the valid-from date, so validating as it stands succeeds).
    button = page.get_by_role("button", name=re.compile("Save and continue|Make the request|Validate application"))
    if button.count():
        before = urlsplit(page.url).path
        follow(page, button.first)
        if urlsplit(page.url).path == before:
            assert page.get_by_text("There is a problem").first.is_visible()
        else:
            assert path in ("/check-documents", "/reporting", "/decision")
        assert_no_axe_violations(page)


def test_a_valid_case_is_validated_in_five_steps(page: Any, world: Any, url: Any, sign_in: Any) -> None:
    """Officer time: from the case page to a validated case, counting every page opened and form sent (7 before
    issue 11: the batch confirmation went back to the task list, and check documents needed its own page).

    1 open the case, 2 "Check and validate", 3 "Confirm checks" (the officer ticks what the application's data
    cannot show: the fee, the constraints, that no document is missing) and land on Review documents, 4 "Save and
    continue" and land on the decision, nothing being left, 5 "Validate application"."""
    from bops.documents.services import document_add

    southwark = world.southwark
    case = make_case(
        southwark.council, code="ldc.proposed", address="9 Bellenden Road", postcode="SE15 4QN", description="Shed"
    )
    for name in ("location-plan.pdf", "elevations.pdf"):
        document_add(application=case, user=None, name=name, content=PDF, content_type="application/pdf", tags=[])
    sign_in(page, "southwark", southwark.users["assessor"].email)
    steps = 0

    def step(target: Any) -> None:
        nonlocal steps
        follow(page, target)
        steps += 1

    page.goto(url("southwark", f"/applications/{case.reference}"))
    steps += 1
    step(page.get_by_role("link", name="Check and validate").first)
    batch = page.get_by_role("group", name="Confirm these checks together")
    # A case added without a submission has no data to show the legal checks: they are left for the officer.
    assert not batch.get_by_label("The fee is correct").is_checked()
    assert batch.get_by_label("The description is correct").is_checked()
    for box in batch.get_by_role("checkbox").all():
        box.check()
    step(page.get_by_role("button", name="Confirm checks"))
    assert urlsplit(page.url).path.endswith("/validation/review-documents")
    for group in page.get_by_role("group", name=re.compile(r"^Is .* valid\?$")).all():
        group.get_by_label("Yes").check()
    step(page.get_by_role("button", name="Save and continue"))  # nothing left: on to the decision
    assert urlsplit(page.url).path.endswith("/validation/decision")
    assert_no_axe_violations(page)
    step(page.get_by_role("button", name="Validate application"))
    assert page.get_by_text("The application is valid").is_visible()
    assert steps == 5
