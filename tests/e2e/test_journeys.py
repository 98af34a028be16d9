"""Officer time, held in a real browser: a freshly received case taken to its decision notice, assessor then
reviewer, every legal check done and the publicity the law requires sent, with each page load and form submit
counted (tests/e2e/steps.py) and compared with BOPS's count for the same journey (issue 11).

| journey                                                    | BOPS | target |
| LDC (proposed use)                                         |  61  |  <= 30 |
| householder: neighbour letters, a site notice, a consultee |  89  |  <= 44 |
| prior approval Part 1 Class A, with the neighbour letters  |  85  |  <= 42 |

Signing in is not counted (the officer is signed in already on a normal day); the reviewer's first page is. Between
the consultation and the assessment the clock is moved past the period for comments (the officer comes back to the
case another day and signs in again, not counted), since the law forbids a decision before it ends.
"""

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import time_machine
from django.utils import timezone

from tests.e2e.conftest import assert_no_axe_violations, follow, make_case
from tests.e2e.steps import StepCounter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

LDC_TARGET = 30
HOUSEHOLDER_TARGET = 44
PRIOR_APPROVAL_TARGET = 42

# What an officer writes in each text section of the report: the journey fills whichever the family's list has.
TEXTS = {
    "summary-of-works": "A single storey rear extension, 3 m deep, in brick to match the house.",
    "site-description": "A two storey terraced house on the north side of the road; no listed buildings nearby.",
    "consultation-summary": "Historic England had no comment.",
    "neighbour-summary": "No neighbour objected within the period.",
    "amenity": "The extension is 3 m deep and single storey: no harm to the neighbours' light or outlook.",
    "other-considerations": "None.",
    "pd-rights": "Permitted development rights have not been removed on this site.",
    "immunity": "Not applicable.",
}


def a_fresh_case(world: Any, *, code: str, address: str, description: str) -> Any:
    """Received this morning (or the last working morning), with its plans, unassigned: as intake leaves it."""
    from bops.documents.services import document_add

    case = make_case(
        world.southwark.council, code=code, address=address, postcode="SE15 4QN", description=description, days_ago=0
    )
    for name in ("location-plan.pdf", "proposed-elevations.pdf"):
        document_add(application=case, user=None, name=name, content=PDF, content_type="application/pdf", tags=[])
    return case


def path_of(page: Any) -> str:
    return urlsplit(page.url).path


def take_and_validate(page: Any, counter: StepCounter, url: Any, case: Any) -> None:
    """From the case list: take the case, run the validation checks, validate."""
    counter.stage("validation")
    page.goto(url("southwark", "/"))
    follow(page, page.get_by_role("link", name=re.compile("^Unassigned")).first)
    row = page.get_by_role("row").filter(has_text=case.reference)
    follow(page, row.get_by_role("button", name="Assign to me"))
    assert path_of(page) == f"/applications/{case.reference}", "assigning lands on the case page"
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("link", name="Check and validate").first)
    batch = page.get_by_role("group", name="Confirm these checks together")
    for box in batch.get_by_role("checkbox").all():
        box.check()  # the officer has looked at each: the fee, the constraints, the documents
    follow(page, page.get_by_role("button", name="Confirm checks"))
    while path_of(page).endswith("/validation/review-documents"):
        for group in page.get_by_role("group", name=re.compile(r"^Is .* valid\?$")).all():
            group.get_by_label("Yes").check()
        follow(page, page.get_by_role("button", name="Save and continue"))
    assert path_of(page).endswith("/validation/decision"), f"validation left work on {page.url}"
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("button", name="Validate application"))
    assert page.get_by_text("The application is valid").first.is_visible()


def consult(page: Any, counter: StepCounter, url: Any, case: Any, *, site_notice: bool, consultee: bool) -> None:
    """The publicity the law requires: letters to the adjoining premises, and for householder cases a site notice
    and a consultee."""
    counter.stage("consultation")
    follow(page, page.get_by_role("link", name="Consultation", exact=True).first)
    assert page.get_by_text("Publicity the law requires").is_visible()
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("link", name=re.compile("^Send letters")))
    ticked = page.get_by_role("group", name="Addresses around the site").get_by_role("checkbox", checked=True)
    assert ticked.count() >= 1, "the adjoining premises are offered, ticked"
    follow(page, page.get_by_role("button", name="Send letters"))
    assert path_of(page) == f"/applications/{case.reference}/consultation"
    if consultee:
        follow(page, page.get_by_role("link", name="Consultees"))
        directory = page.get_by_label("Add a consultee from the directory")
        directory.select_option(value=directory.locator("option", has_text="Historic England").get_attribute("value"))
        follow(page, page.get_by_role("button", name="Add and send the email"))
    if site_notice:
        follow(page, page.get_by_role("link", name="Site notice", exact=True))
        page.get_by_role("group", name="Does the case need a site notice?").get_by_label("Yes").check()
        page.get_by_role("group", name="Who will put it up?").get_by_label("The officer prints it").check()
        page.get_by_label("Where should it go?").fill("On the lamp post by the front gate")
        page.get_by_label(re.compile("Date the notice went up")).fill(timezone.localdate().strftime("%d/%m/%Y"))
        follow(page, page.get_by_role("button", name="Save", exact=True))
    assert_no_axe_violations(page)


def assess_and_recommend(
    page: Any, counter: StepCounter, url: Any, case: Any, *, decision: str, gpdo_class: str = ""
) -> None:
    """Every task of the family's list, each save landing on the next, then the recommendation in one submit."""
    counter.stage("assessment")
    page.goto(url("southwark", f"/applications/{case.reference}"))
    follow(page, page.get_by_role("link", name="Check and assess").first)
    assert_no_axe_violations(page)
    follow(page, page.locator("main .govuk-task-list a").first)
    seen: list[str] = []
    while not path_of(page).endswith("/assessment/recommendation"):
        slug = path_of(page).rsplit("/", 1)[-1]
        if slug in seen[-1:]:
            errors = page.locator(".govuk-error-summary").all_inner_texts()
            raise AssertionError(f"saving {slug} did not move on: {page.url} {errors}")
        seen.append(slug)
        assert len(seen) < 20, f"the tasks do not end: {seen}"
        if slug in TEXTS:
            page.get_by_label("Your assessment").fill(TEXTS[slug])
            follow(page, page.get_by_role("button", name="Save and mark as complete"))
        elif slug == "legislation":
            page.get_by_role("group", name="Is the proposal development?").get_by_label("Yes").check()
            classes = page.locator("input[name=classes]")
            if gpdo_class and not page.locator("input[name=classes]:checked").count():
                classes.and_(page.locator(f"[value='{gpdo_class}']")).check()  # the class the officer judges
            follow(page, page.get_by_role("button", name="Save and continue"))
        elif slug == "policies":
            page.get_by_label("Your assessment against the development plan").fill(
                "The extension accords with the local plan's design policy: its scale and materials suit the house."
            )
            follow(page, page.get_by_role("button", name="Save and continue"))
        elif page.get_by_role("button", name="Save and continue").count():
            follow(page, page.get_by_role("button", name="Save and continue"))  # legislation, CIL, policies
        else:
            follow(page, page.get_by_role("button", name="Mark as complete and continue"))
    assert_no_axe_violations(page)
    page.get_by_role("group", name="What do you recommend?").get_by_label(decision, exact=True).check()
    page.get_by_label("Reasons", exact=True).fill("The proposal meets the limits and conditions that apply.")
    follow(page, page.get_by_role("button", name="Save and submit for review"))
    case.refresh_from_db()
    assert case.status == "awaiting_determination", f"the recommendation did not go: {page.url}"


def review_and_determine(page: Any, counter: StepCounter, url: Any, sign_in: Any, world: Any, case: Any) -> None:
    """The reviewer's home lists the case; one page accepts every section, agrees and determines."""
    counter.stage("review")
    with counter.pause():
        page.context.clear_cookies()
        sign_in(page, "southwark", world.southwark.users["reviewer"].email)
    page.goto(url("southwark", "/"))
    queue = page.get_by_role("table", name=re.compile("Recommendations to sign off"))
    row = queue.get_by_role("row").filter(has_text=case.reference)
    follow(page, row.get_by_role("link").last)  # the action: straight to the review page
    assert path_of(page) == f"/applications/{case.reference}/review"
    assert_no_axe_violations(page)
    page.get_by_role("group", name=re.compile("Do you agree")).get_by_label("Yes, I agree").check()
    follow(page, page.get_by_role("button", name="Save the review and determine"))
    case.refresh_from_db()
    assert case.status == "determined", f"not determined: {page.url}"
    from bops.decisions.models import Determination

    assert Determination.objects.get(application=case).notice_id, "the decision notice is made and stored"


def report(name: str, counter: StepCounter, target: int) -> None:
    print(f"\n{name}: {counter.report()}")
    assert counter.total <= target, f"{name} took {counter.total} steps, over {target}:\n{counter.report()}"


def later(days: int) -> Any:
    """The officer comes back after the period for comments: the whole process's clock moves on."""
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=True)


def test_an_ldc_from_receipt_to_decision_notice(page: Any, world: Any, url: Any, sign_in: Any) -> None:
    case = a_fresh_case(
        world, code="ldc.proposed", address="22 Oglander Road", description="Rear dormer roof extension"
    )
    sign_in(page, "southwark", world.southwark.users["assessor"].email)
    counter = StepCounter(page)
    take_and_validate(page, counter, url, case)
    assess_and_recommend(page, counter, url, case, decision="Granted", gpdo_class="B")
    review_and_determine(page, counter, url, sign_in, world, case)
    report("LDC", counter, LDC_TARGET)


def consulted_journey(
    page: Any, world: Any, url: Any, sign_in: Any, *, case: Any, decision: str, site_notice: bool, consultee: bool
) -> StepCounter:
    """Validate, publicise, come back after the period for comments, assess, recommend, review and determine."""
    from bops.consultation.addresses import addresses_fill_around
    from bops.consultation.models import NeighbourLetter

    addresses_fill_around([case])
    sign_in(page, "southwark", world.southwark.users["assessor"].email)
    counter = StepCounter(page)
    take_and_validate(page, counter, url, case)
    consult(page, counter, url, case, site_notice=site_notice, consultee=consultee)
    assert NeighbourLetter.objects.filter(neighbour__consultation__application=case).exists()
    with later(days=26):
        with counter.pause():
            page.context.clear_cookies()
            sign_in(page, "southwark", world.southwark.users["assessor"].email)
        assess_and_recommend(page, counter, url, case, decision=decision)
        review_and_determine(page, counter, url, sign_in, world, case)
    return counter


def test_a_householder_case_with_letters_a_site_notice_and_a_consultee(
    page: Any, world: Any, url: Any, sign_in: Any
) -> None:
    case = a_fresh_case(
        world, code="pp.full.householder", address="14 Bellenden Road", description="Single storey rear extension"
    )
    world_consultee(world)
    counter = consulted_journey(
        page, world, url, sign_in, case=case, decision="Granted", site_notice=True, consultee=True
    )
    report("Householder", counter, HOUSEHOLDER_TARGET)


def test_a_larger_home_extension_prior_approval_with_the_neighbour_notification(
    page: Any, world: Any, url: Any, sign_in: Any
) -> None:
    case = a_fresh_case(
        world, code="pa.part1.classA", address="16 Bellenden Road", description="Larger home extension, 6 m deep"
    )
    counter = consulted_journey(
        page, world, url, sign_in, case=case, decision="Prior approval not required", site_notice=False, consultee=False
    )
    report("Prior approval Part 1 Class A", counter, PRIOR_APPROVAL_TARGET)


def world_consultee(world: Any) -> None:
    """Historic England in the council's directory, as the consultation tests have it."""
    from bops.consultation.models import Consultee

    Consultee.objects.create(
        council=world.southwark.council,
        name="Harriet Heritage",
        organisation="Historic England",
        email="harriet@historicengland.example",
    )
