"""Intake through the pages: an administrator retries a failed submission; an officer adds an application by hand."""

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, follow
from tests.e2e.test_case import MAP_SHOWN, RED_PIXELS

MISSING = "/missing/plan.pdf"

# A square of about 55 by 55 metres on Choumert Road, longitude then latitude.
CHOUMERT_ROAD = {
    "type": "Polygon",
    "coordinates": [
        [
            [-0.0711, 51.4687],
            [-0.0703, 51.4687],
            [-0.0703, 51.4691],
            [-0.0711, 51.4691],
            [-0.0711, 51.4687],
        ]
    ],
}

NOT_A_PDF = b"<!DOCTYPE html>\n<html lang='en'><head><title>Sign in</title></head><body>Sign in</body></html>\n"


def menu(page: Any) -> Any:
    return page.get_by_role("navigation", name="Menu")


@pytest.fixture
def files() -> Iterator[Any]:
    from bops.documents.tests.fake_file_server import FakeFileServer

    with FakeFileServer() as server:
        yield server


@pytest.fixture
def failed_submission(world: Any, live_server: Any, files: Any) -> Any:
    """PlanX sends a householder application whose site plan the file host answers 404 for."""
    from bops.councils.api_keys import api_key_create
    from bops.submissions.models import Submission
    from bops.submissions.tests.payloads import householder_payload

    _, key = api_key_create(
        council=world.southwark.council,
        user=None,
        name="PlanX",
        scopes=["planning_application:write", "planning_application:read"],
    )
    payload = householder_payload()
    payload["files"] = [
        {"name": files.url(MISSING), "type": [{"value": "sitePlan.proposed", "description": "Site plan"}]}
    ]
    port = live_server.thread.port
    response = httpx.post(
        f"http://127.0.0.1:{port}/api/v2/submissions",
        headers={"Host": f"southwark.localhost:{port}", "Authorization": f"Bearer {key}"},
        json=payload,
        timeout=30,
    )
    assert response.status_code == 202, response.text
    submission = Submission.objects.get(pk=response.json()["id"])
    assert submission.state == Submission.State.FAILED, submission.errors
    assert submission.application is None
    assert files.hits(MISSING) == 1
    return submission


def test_an_administrator_retries_a_submission_whose_file_was_missing(
    page, world, url, sign_in, files, failed_submission, offline
):
    from bops.documents.tests.fake_file_server import sample_pdf
    from bops.submissions.models import Submission

    file_url = files.url(MISSING)
    sign_in(page, "southwark", "administrator@southwark.gov.uk")

    follow(page, menu(page).get_by_role("link", name="Submissions"))
    expect(page).to_have_url(url("southwark", "/admin/submissions"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Submissions")
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("PlanX")
    expect(row.locator(".govuk-tag")).to_have_text("Failed")
    expect(row).to_contain_text(file_url)
    expect(row).to_contain_text("404")
    assert_no_axe_violations(page)

    follow(page, row.get_by_role("link").first)
    expect(page).to_have_url(url("southwark", f"/admin/submissions/{failed_submission.pk}"))
    expect(page.locator("main .govuk-tag").first).to_have_text("Failed")
    expect(page.get_by_role("heading", name="What went wrong")).to_be_visible()
    problems = page.locator("h2:has-text('What went wrong') + ul")
    expect(problems).to_contain_text(file_url)
    expect(problems).to_contain_text("404")
    expect(problems).to_contain_text("/files/0/name")
    case_row = page.locator(".govuk-summary-list__row", has_text="Case")
    expect(case_row).to_contain_text("None made")

    expect(page.get_by_role("heading", name="What was sent")).to_be_visible()
    sent = page.locator("h2:has-text('What was sent') + .govuk-summary-list")
    expect(sent.locator(".govuk-summary-list__row", has_text="Content-Type")).to_contain_text("application/json")
    expect(sent.locator(".govuk-summary-list__row", has_text="Host")).to_contain_text("southwark.localhost")
    expect(sent).not_to_contain_text("Bearer")  # the key is never kept

    details = page.locator("details", has_text="The body as received")
    expect(details).to_have_count(1)
    body = details.locator("pre")
    expect(body).to_be_hidden()
    details.locator("summary").click()
    expect(body).to_be_visible()
    expect(body).to_contain_text("Amara")
    expect(body).to_contain_text(file_url)
    assert_no_axe_violations(page)

    # The file host has the file now.
    files.serve(MISSING, sample_pdf(), content_type="application/pdf")
    follow(page, page.get_by_role("button", name="Retry this submission"))
    expect(page).to_have_url(url("southwark", f"/admin/submissions/{failed_submission.pk}"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The submission has been processed again and the case is made"
    )
    state = page.locator("main .govuk-tag").first
    if state.inner_text().strip() != "Completed":  # processed in the background: look again
        page.reload()
    expect(state).to_have_text("Completed")
    expect(page.get_by_role("button", name="Retry this submission")).to_have_count(0)
    expect(page.get_by_role("heading", name="What went wrong")).to_have_count(0)
    expect(page.locator(".govuk-summary-list__row", has_text="Attempts")).to_contain_text("2")
    assert files.hits(MISSING) == 2
    assert_no_axe_violations(page)

    failed_submission.refresh_from_db()
    assert failed_submission.state == Submission.State.COMPLETED
    case = failed_submission.application
    assert case is not None
    case_link = page.get_by_role("link", name=re.compile(r"^SWK-.+-HAPP$"))
    expect(case_link).to_have_text(case.reference_in_full)

    follow(page, case_link)
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference_in_full)
    documents = page.locator("table", has=page.locator("caption", has_text="Documents"))
    expect(documents.get_by_role("link", name="plan.pdf", exact=True)).to_be_visible()
    expect(documents).to_contain_text("sitePlan.proposed")
    history = page.locator("ol.app-timeline")
    expect(history.get_by_role("heading", name="Accepted for validation", exact=True)).to_have_count(1)
    assert_no_axe_violations(page)
    assert offline == []


def test_an_officer_adds_an_application_by_hand(page, world, url, sign_in, offline):
    from bops.applications.models import PlanningApplication
    from bops.documents.tests.fake_file_server import sample_pdf

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    assert_no_axe_violations(page)

    follow(page, page.get_by_role("button", name="Add an application"))
    expect(page).to_have_url(url("southwark", "/applications/new"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an application")
    assert_no_axe_violations(page)

    before = PlanningApplication.objects.count()
    follow(page, page.get_by_role("button", name="Add the application"))
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    fields = {
        "Choose the application type": "Application type",
        "Enter the site's address": "Address line 1",
        "Enter the site's postcode": "Postcode",
        "Enter a description of the proposal": "Description of the proposal",
        "Enter the applicant's name": "Applicant's name",
        "Enter an email address for the applicant or the agent": "Applicant's email address",
    }
    for message in fields:
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(len(fields))
    assert_no_axe_violations(page)
    for message, label in fields.items():
        summary.get_by_role("link", name=message).click()
        expect(page.get_by_label(label)).to_be_focused()
    assert PlanningApplication.objects.count() == before

    def fill_the_form() -> None:
        page.get_by_label("Application type").select_option(label="Planning Permission - Full householder")
        page.get_by_label("Address line 1").fill("3 Choumert Road")
        page.get_by_label("Town or city").fill("London")
        page.get_by_label("Postcode").fill("SE15 4SE")
        page.get_by_label("Description of the proposal").fill("Rear dormer and a new roof light to the front")
        page.get_by_label("Applicant's name").fill("Sam Paper")
        page.get_by_label("Applicant's email address").fill("sam.paper@example.com")

    fill_the_form()
    page.get_by_label("Red line boundary (optional)").fill(json.dumps(CHOUMERT_ROAD))
    documents = page.get_by_label("Documents (optional)")
    documents.set_input_files(files=[{"name": "site-plan.pdf", "mimeType": "application/pdf", "buffer": sample_pdf()}])
    follow(page, page.get_by_role("button", name="Add the application"))

    case = PlanningApplication.objects.order_by("-pk").first()
    assert PlanningApplication.objects.count() == before + 1
    assert case.address_line_1 == "3 Choumert Road"
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
    assert re.fullmatch(r"SWK-.+-HAPP", case.reference_in_full)
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference_in_full)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{case.reference_in_full} has been added. The applicant has been sent a receipt."
    )
    expect(page.get_by_text("3 Choumert Road, London, SE15 4SE")).to_be_visible()
    table = page.locator("table", has=page.locator("caption", has_text="Documents"))
    expect(table.get_by_role("link", name="site-plan.pdf", exact=True)).to_be_visible()
    history = page.locator("ol.app-timeline")
    for event in ("Application created", "Accepted for validation"):
        expect(history.get_by_role("heading", name=event, exact=True)).to_have_count(1)
    expect(history.locator("li", has_text="Application created")).to_contain_text("Alice Assessor")

    the_map = page.locator("my-map")
    expect(the_map).to_have_attribute("basemap", "none")
    the_map.scroll_into_view_if_needed()
    page.wait_for_function(f"() => {RED_PIXELS} > 100", timeout=15_000)
    page.wait_for_function(MAP_SHOWN, timeout=15_000)
    assert_no_axe_violations(page)

    # A "PDF" that is really a web page (a sign-in page saved by mistake) is refused, and nothing is made.
    page.goto(url("southwark", "/applications/new"))
    fill_the_form()
    page.get_by_label("Documents (optional)").set_input_files(
        files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": NOT_A_PDF}]
    )
    follow(page, page.get_by_role("button", name="Add the application"))
    expect(page).to_have_url(url("southwark", "/applications/new"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("plan.pdf is an HTML page")
    expect(page.locator(".govuk-error-message")).to_contain_text("plan.pdf is an HTML page")
    summary.get_by_role("link", name="plan.pdf is an HTML page").click()
    expect(page.get_by_label("Documents (optional)")).to_be_focused()
    expect(page.get_by_label("Address line 1")).to_have_value("3 Choumert Road")  # what was typed is kept
    assert PlanningApplication.objects.count() == before + 1
    assert_no_axe_violations(page)

    assert errors == []
    assert offline == []
