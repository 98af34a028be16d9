"""The case list: whose cases, stages, search and filters, pagination; the reviewer's queue, the workload, taking a
case and going straight to the page acted on next."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, follow


def listed(page) -> list[str]:
    """The references in the case table, in order (none when the page says no case matches)."""
    return page.locator("table.app-dashboard-table tbody tr td:first-child a").all_inner_texts()


def refs(world, *names: str) -> list[str]:
    return [world.southwark.cases[name].reference_in_full for name in names]


def tabs(page):
    return page.get_by_role("navigation", name="Whose cases")


def stages(page):
    return page.get_by_role("navigation", name="Stage")


def search(page, *, q: str | None = None, status: str | None = None, type_: str | None = None) -> None:
    if q is not None:
        page.get_by_label("Search").fill(q)
    if status is not None:
        page.get_by_label("Status").select_option(label=status)
    if type_ is not None:
        page.get_by_label("Application type").select_option(label=type_)
    follow(page, page.get_by_role("button", name="Search"))


def test_tabs_and_stages_choose_the_cases_listed(page, world, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk")

    # Your cases, open: the two assigned to Alice, soonest determination date first.
    expect(tabs(page).locator("[aria-current=page]")).to_have_text("Your cases")
    assert sorted(listed(page)) == sorted(refs(world, "extension", "loft"))
    expect(page.locator("table caption")).to_contain_text("Your cases: open cases (2)")
    assert_no_axe_violations(page)

    follow(page, tabs(page).get_by_role("link", name="All cases"))
    expect(tabs(page).locator("[aria-current=page]")).to_have_text("All cases")
    assert sorted(listed(page)) == sorted(refs(world, "extension", "loft", "conservatory", "outbuilding"))
    expect(stages(page).get_by_role("link", name="Open (4)")).to_have_attribute("aria-current", "page")
    expect(stages(page).get_by_role("link", name="Closed (1)")).to_be_visible()
    assert world.lambeth.cases["basement"].reference_in_full not in listed(page)
    assert_no_axe_violations(page)

    follow(page, tabs(page).get_by_role("link", name="Unassigned"))
    assert sorted(listed(page)) == sorted(refs(world, "conservatory", "outbuilding"))
    for row in page.locator("table.app-dashboard-table tbody tr").all():
        expect(row.locator("td").nth(5)).to_contain_text("Unassigned")
    assert_no_axe_violations(page)

    follow(page, tabs(page).get_by_role("link", name="All cases"))
    follow(page, stages(page).get_by_role("link", name="Validation (3)"))
    assert sorted(listed(page)) == sorted(refs(world, "loft", "conservatory", "outbuilding"))
    expect(stages(page).get_by_role("link", name="Validation (3)")).to_have_attribute("aria-current", "page")

    follow(page, stages(page).get_by_role("link", name="Assessment (1)"))
    assert listed(page) == refs(world, "extension")
    expect(page.locator("table tbody")).to_contain_text("In assessment")

    follow(page, stages(page).get_by_role("link", name="Review (0)"))
    assert listed(page) == []
    expect(page.locator("#no-cases")).to_have_text("No cases match.")
    assert_no_axe_violations(page)

    follow(page, stages(page).get_by_role("link", name="Closed (1)"))
    assert listed(page) == refs(world, "withdrawn")
    expect(page.locator("table tbody")).to_contain_text("Withdrawn")
    assert_no_axe_violations(page)


def test_search_by_reference_postcode_and_description_and_filter_by_status_and_type(page, world, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    follow(page, tabs(page).get_by_role("link", name="All cases"))

    loft = world.southwark.cases["loft"]
    search(page, q=loft.reference_in_full)
    assert listed(page) == [loft.reference_in_full]
    expect(tabs(page).locator("[aria-current=page]")).to_have_text("All cases")
    expect(page.get_by_label("Search")).to_have_value(loft.reference_in_full)
    assert_no_axe_violations(page)

    search(page, q=loft.reference)  # without the council's code
    assert listed(page) == [loft.reference_in_full]

    search(page, q="se5 8sy")
    assert listed(page) == [loft.reference_in_full]

    search(page, q="SE5")  # the start of a postcode: both SE5 cases
    assert sorted(listed(page)) == sorted(refs(world, "loft", "outbuilding"))

    search(page, q="conservatory")
    assert listed(page) == refs(world, "conservatory")

    search(page, q="Bellenden")  # a word of the address
    assert listed(page) == refs(world, "extension")

    follow(page, page.get_by_role("link", name="Clear search and filters"))
    expect(page.get_by_label("Search")).to_have_value("")
    assert len(listed(page)) == 4

    search(page, status="In assessment")
    assert listed(page) == refs(world, "extension")
    expect(page.get_by_label("Status")).to_have_value("in_assessment")
    assert_no_axe_violations(page)

    search(page, status="Any status", type_="Prior Approval - Larger extension to a house")
    assert listed(page) == refs(world, "conservatory")

    search(page, type_="Lawful Development Certificate - Proposed use")
    assert listed(page) == refs(world, "outbuilding")

    search(page, q="extension", type_="Planning Permission - Full householder")
    assert listed(page) == refs(world, "extension")
    assert_no_axe_violations(page)


def test_a_search_with_odd_characters_finds_nothing_and_breaks_nothing(page, world, url, sign_in):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    follow(page, tabs(page).get_by_role("link", name="All cases"))

    odd = "%_'\"<script>alert(1)</script>"
    with page.expect_response(re.compile(r"[?&]q=")) as response:
        search(page, q=odd)
    assert response.value.status == 200
    assert listed(page) == []
    expect(page.locator("#no-cases")).to_have_text(f"No cases match “{odd}”.")
    expect(page.get_by_label("Search")).to_have_value(odd)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert dialogs == []
    assert errors == []

    for text in ("%", "_", "'", "\\"):  # LIKE wildcards and quotes are plain characters
        search(page, q=text)
        assert listed(page) == [], text
    assert_no_axe_violations(page)


def test_more_than_a_page_of_cases_is_paginated(page, world, many_cases, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    follow(page, tabs(page).get_by_role("link", name="Unassigned"))

    # 30 new cases and the 2 unassigned ones: 25 on the first page, 7 on the second.
    expect(page.locator("table caption")).to_contain_text("(32)")
    assert len(listed(page)) == 25
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination).to_be_visible()
    expect(pagination.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    first_page = listed(page)
    assert_no_axe_violations(page)

    follow(page, pagination.get_by_role("link", name="Page 2"))
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(pagination.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    second_page = listed(page)
    assert len(second_page) == 7
    assert not set(first_page) & set(second_page)
    expect(tabs(page).locator("[aria-current=page]")).to_have_text("Unassigned")
    assert_no_axe_violations(page)

    follow(page, pagination.get_by_role("link", name=re.compile("Previous")))
    assert listed(page) == first_page

    # A page past the end shows the last page rather than an error.
    response = page.goto(url("southwark", "/?tab=unassigned&page=99"))
    assert response.status == 200
    assert listed(page) == second_page


def test_the_stage_counts_honour_the_status_filter(page, world, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    follow(page, tabs(page).get_by_role("link", name="All cases"))
    search(page, status="Not started")
    # Three cases are not started: the loft, the conservatory, the outbuilding (the extension is in assessment).
    expect(page.locator("table caption")).to_contain_text("All cases: open cases (3)")
    expect(stages(page).get_by_role("link", name="Open (3)")).to_have_attribute("aria-current", "page")
    expect(stages(page).get_by_role("link", name="Validation (3)")).to_be_visible()
    follow(page, stages(page).get_by_role("link", name="Assessment (0)"))
    assert listed(page) == []  # what the tab counted: the filter stays in force
    expect(page.get_by_label("Status")).to_have_value("not_started")
    assert_no_axe_violations(page)


def test_an_officer_takes_a_case_from_the_list_and_lands_on_it(page, world, url, sign_in):
    case = world.southwark.cases["outbuilding"]
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    follow(page, tabs(page).get_by_role("link", name="Unassigned"))
    row = page.locator("table.app-dashboard-table tbody tr", has_text=case.reference_in_full)
    assert_no_axe_violations(page)
    follow(page, row.get_by_role("button", name=f"Assign to me ({case.reference_in_full})"))
    expect(page).to_have_url(url("southwark", f"/applications/{case.reference}"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The case is assigned to you.")
    expect(page.locator(".govuk-summary-list__row", has_text="Assigned officer")).to_contain_text("Alice Assessor")


def test_the_list_links_each_case_to_the_page_acted_on_next(page, world, url, sign_in):
    sign_in(page, "southwark", "assessor@southwark.gov.uk")
    loft, extension = world.southwark.cases["loft"], world.southwark.cases["extension"]
    row = page.locator("table.app-dashboard-table tbody tr", has_text=loft.reference_in_full)
    follow(page, row.get_by_role("link", name=f"Check and validate ({loft.reference_in_full})"))
    expect(page).to_have_url(url("southwark", f"/applications/{loft.reference}/validation"))
    page.go_back()
    # The extension is in assessment and must be publicised; nothing has been sent yet.
    row = page.locator("table.app-dashboard-table tbody tr", has_text=extension.reference_in_full)
    follow(page, row.get_by_role("link", name=f"Start the consultation ({extension.reference_in_full})"))
    expect(page).to_have_url(url("southwark", f"/applications/{extension.reference}/consultation"))


def _awaiting_review(application, officer, *, days_ago: int, agreed_by=None):
    """The case as the assessor leaves it on submitting the recommendation (set directly: the reviewer's side is
    what is tried here)."""
    from datetime import timedelta

    from django.utils import timezone

    from bops.applications.models import PlanningApplication, Status
    from bops.assessment.models import Recommendation

    submitted = timezone.now() - timedelta(days=days_ago)
    Recommendation.objects.create(
        council=application.council,
        application=application,
        decision="granted",
        reasons="The proposal complies with the development plan.",
        author=officer,
        submitted_at=submitted,
        review=Recommendation.Review.AGREED if agreed_by else Recommendation.Review.PENDING,
        reviewed_by=agreed_by,
        reviewed_at=submitted if agreed_by else None,
    )
    PlanningApplication.objects.filter(pk=application.pk).update(
        status=Status.AWAITING_DETERMINATION, awaiting_determination_at=submitted
    )


def test_a_reviewer_reaches_a_case_waiting_for_them_in_one_page_load(page, world, url, sign_in):
    users, cases = world.southwark.users, world.southwark.cases
    _awaiting_review(cases["extension"], users["assessor"], days_ago=2)
    _awaiting_review(cases["loft"], users["assessor"], days_ago=6)
    _awaiting_review(cases["conservatory"], users["assessor"], days_ago=4, agreed_by=users["reviewer"])
    sign_in(page, "southwark", "reviewer@southwark.gov.uk")

    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    sign_off = page.locator("table#to-sign-off")
    expect(sign_off.locator("caption")).to_have_text("Recommendations to sign off (2)")
    # The longest waiting first.
    first_column = sign_off.locator("tbody tr td:first-child a").all_inner_texts()
    assert first_column == [cases["loft"].reference_in_full, cases["extension"].reference_in_full]
    expect(sign_off).to_contain_text("working days left")
    expect(sign_off).to_contain_text("calendar days left")
    issue = page.locator("table#to-issue")
    expect(issue.locator("caption")).to_have_text("Decisions to issue (1)")
    expect(issue).to_contain_text(cases["conservatory"].reference_in_full)
    assert_no_axe_violations(page)

    loft = cases["loft"]
    follow(page, sign_off.get_by_role("link", name=f"Review ({loft.reference_in_full})"))
    expect(page).to_have_url(url("southwark", f"/applications/{loft.reference}/review"))


def test_the_workload_shows_each_officers_open_cases_and_the_cases_at_risk(page, world, url, sign_in):
    from datetime import timedelta

    from django.utils import timezone

    from bops.applications.models import PlanningApplication

    cases = world.southwark.cases
    today = timezone.localdate()
    for name, day in (("loft", today - timedelta(days=2)), ("conservatory", today + timedelta(days=1))):
        PlanningApplication.objects.filter(pk=cases[name].pk).update(due_date=day, statutory_date=day)
    sign_in(page, "southwark", "reviewer@southwark.gov.uk")
    follow(page, tabs(page).get_by_role("link", name="Workload"))
    expect(page).to_have_url(url("southwark", "/workload"))
    expect(tabs(page).locator("[aria-current=page]")).to_have_text("Workload")

    table = page.locator("table.app-workload-table")
    alice = table.get_by_role("row", name="Alice Assessor")
    expect(alice.locator("td")).to_have_text(["2", "0", "1", "0"])  # open, due this week, overdue, deemed consent
    unassigned = table.get_by_role("row", name="Unassigned")
    expect(unassigned.locator("td").first).to_have_text("2")
    expect(unassigned.locator("td").last).to_have_text("1")
    expect(table.get_by_role("row", name="Colin Colleague").locator("td").first).to_have_text("0")

    expect(page.get_by_role("heading", name="Cases at risk (2)")).to_be_visible()
    at_risk = page.locator("table.app-at-risk-table tbody tr td:first-child a").all_inner_texts()
    assert at_risk == [cases["loft"].reference_in_full, cases["conservatory"].reference_in_full]
    expect(page.locator("table.app-at-risk-table")).to_contain_text("deemed given if not decided by this date")
    assert_no_axe_violations(page)
