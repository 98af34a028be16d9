"""docs/walkthrough.md followed in a real browser on the demo data, step by step, with axe-core on every page and a
screenshot of each into docs/walkthrough/, so the pictures in the tour never go stale.

The demo is loaded as `make run` loads it (bops.applications.demo.load_demo_data). Every picture the tour shows
is checked to be made here, and every one made here to be in the tour.
"""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import ROOT, assert_no_axe_violations, follow

DOC = ROOT / "docs" / "walkthrough.md"
PICTURES = ROOT / "docs" / "walkthrough"
PASSWORD = "demo-password-2024"


@pytest.fixture
def demo(transactional_db: None, live_server: Any) -> None:
    from bops.applications.demo import load_demo_data

    load_demo_data()


class Tour:
    def __init__(self, page: Any, url: Any) -> None:
        self.page, self.url = page, url
        self.taken: list[str] = []

    def picture(self, name: str) -> None:
        """Check the page as it is, then photograph it for the tour."""
        assert_no_axe_violations(self.page)
        PICTURES.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(PICTURES / f"{name}.png"), full_page=False)
        self.taken.append(f"{name}.png")

    def sign_in(self, email: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(self.url("southwark", "/sign-in"))
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(PASSWORD)
        follow(self.page, self.page.get_by_role("button", name="Sign in"))
        assert urlsplit(self.page.url).path == "/", f"signing in as {email} ended on {self.page.url}"


def test_the_guided_tour_on_the_demo_data(page: Any, url: Any, demo: None) -> None:
    from bops.notifications.models import OutboxMessage

    page.set_viewport_size({"width": 1280, "height": 900})
    tour = Tour(page, url)

    # 1. Sign in as a planning officer.
    page.goto(url("southwark", "/sign-in"))
    tour.picture("01-sign-in")
    tour.sign_in("assessor@southwark.example")

    # 2. The dashboard and the workload.
    assert page.get_by_role("link", name=re.compile("^Your cases")).first.is_visible()
    tour.picture("02-dashboard")
    follow(page, page.get_by_role("link", name=re.compile("^Workload")).first)
    assert page.get_by_role("table").first.is_visible()
    tour.picture("03-workload")

    # 3. Validate: All cases, the Validation stage, the first case, Check and validate.
    page.goto(url("southwark", "/?tab=all&stage=validation"))
    follow(page, page.locator("main table tbody tr a").first)
    follow(page, page.get_by_role("link", name="Check and validate").first)
    assert page.get_by_role("group", name="Confirm these checks together").count()
    tour.picture("04-validation")

    # 4. Consultation on a householder case in assessment.
    page.goto(url("southwark", "/?tab=all&stage=assessment"))
    follow(page, page.locator("main table tbody tr a", has_text=re.compile("HAPP$")).first)
    case_path = urlsplit(page.url).path
    follow(page, page.get_by_role("link", name="Consultation", exact=True).first)
    assert page.get_by_text("Publicity the law requires").is_visible()
    assert page.get_by_text(re.compile("DMPO 2015 art. 15")).first.is_visible()
    tour.picture("05-consultation")

    # 5. Its assessment.
    page.goto(url("southwark", case_path))
    follow(page, page.get_by_role("link", name="Check and assess").first)
    assert page.locator(".govuk-task-list").first.is_visible()
    tour.picture("06-assessment")

    # 6. The public's side: the register and a case on it, signed out.
    page.context.clear_cookies()
    page.goto(url("southwark", "/planning-applications"))
    tour.picture("07-register")
    follow(page, page.locator("main a[href^='/planning-applications/']", has_text=re.compile(r"\d{5}")).first)
    tour.picture("08-register-case")

    # 7. The applicant's side: the outbox, and an applicant's link to a live request.
    tour.sign_in("admin@southwark.example")
    follow(page, page.get_by_role("link", name="Outbox").first)
    tour.picture("09-outbox")
    message = next(
        m for m in OutboxMessage.objects.filter(council__subdomain="southwark").order_by("-id") if "/respond/" in m.body
    )
    link = re.search(r"https?://\S+/respond/\S+", message.body)
    assert link, message.body
    page.context.clear_cookies()
    response = page.goto(url("southwark", urlsplit(link.group(0)).path))
    assert response.status == 200
    tour.picture("10-applicant")

    # 8. The reviewer: the queue, and the review page of the oldest recommendation waiting.
    tour.sign_in("reviewer@southwark.example")
    queue = page.get_by_role("table", name=re.compile("Recommendations to sign off"))
    assert queue.is_visible()
    tour.picture("11-reviewer-home")
    follow(page, queue.locator("tbody tr").first.get_by_role("link").last)
    assert urlsplit(page.url).path.endswith("/review")
    tour.picture("12-review")

    shown = re.findall(r"\(walkthrough/([\w-]+\.png)\)", DOC.read_text())
    assert shown == tour.taken, "the tour's pictures and the pictures this test takes must be the same, in order"
