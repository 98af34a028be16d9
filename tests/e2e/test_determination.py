"""From a valid case to a downloaded decision notice in a real browser: the officer assesses and recommends, the
reviewer returns a section and challenges, the officer corrects and resubmits, an assessor cannot determine, the
reviewer agrees and determines; the notice's text is read back with pypdf. axe-core checks every page."""

import io
import re
from typing import Any

from django.utils import timezone

from tests.e2e.conftest import assert_no_axe_violations, follow, make_case, move_to_assessment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fetch_pdf_text(page: Any, path: str) -> tuple[int, str]:
    """Fetch a PDF as the signed-in page would (the browser resolves *.localhost) and read its text."""
    import pypdf

    fetched = page.evaluate(
        """async (path) => {
            const response = await fetch(path);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return {status: response.status, type: response.headers.get("content-type"), bytes: Array.from(bytes)};
        }""",
        path,
    )
    if fetched["type"] != "application/pdf":
        return fetched["status"], ""
    reader = pypdf.PdfReader(io.BytesIO(bytes(fetched["bytes"])))
    return fetched["status"], "\n".join(p.extract_text() for p in reader.pages)


def post_as_page(page: Any, path: str, data: dict[str, str]) -> int:
    """A form post from the signed-in page with its CSRF token, as a hand-made form would send it."""
    return page.evaluate(
        """async ([path, data]) => {
            const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken=")).split("=")[1];
            const body = new URLSearchParams({...data, csrfmiddlewaretoken: token});
            const response = await fetch(path, {method: "POST", body, redirect: "manual"});
            return response.status;
        }""",
        [path, data],
    )


def write_and_recommend(page: Any, url: Any, reference: str, *, summary: str, decision: str, reasons: str) -> None:
    page.goto(url("southwark", f"/applications/{reference}/assessment"))
    assert_no_axe_violations(page)
    page.goto(url("southwark", f"/applications/{reference}/assessment/summary-of-works"))
    page.get_by_label("Your assessment").fill(summary)
    follow(page, page.get_by_role("button", name="Save and mark as complete"))
    page.goto(url("southwark", f"/applications/{reference}/assessment/recommendation"))
    assert_no_axe_violations(page)
    page.get_by_role("group", name="What do you recommend?").get_by_label(decision, exact=True).check()
    page.get_by_label("Reasons", exact=True).fill(reasons)
    follow(page, page.get_by_role("button", name="Save and check the report"))
    assert_no_axe_violations(page)
    page.goto(url("southwark", f"/applications/{reference}/assessment/report"))
    follow(page, page.get_by_role("button", name="Submit the recommendation"))


def test_an_ldc_from_assessment_to_a_downloaded_certificate(page: Any, world: Any, url: Any, sign_in: Any) -> None:
    from bops.applications.models import PlanningApplication
    from bops.documents.services import document_add

    southwark = world.southwark
    alice, rita = southwark.users["assessor"], southwark.users["reviewer"]
    case = move_to_assessment(
        make_case(
            southwark.council,
            code="ldc.proposed",
            address="22 Oglander Road",
            postcode="SE15 4EN",
            description="Rear dormer roof extension",
            officer=alice,
        )
    )
    plan = document_add(
        application=case, user=None, name="roof-plan.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    plan.on_decision_notice, plan.drawing_numbers = True, ["OGL-002 rev A"]
    plan.save(update_fields=["on_decision_notice", "drawing_numbers"])

    sign_in(page, "southwark", alice.email)
    write_and_recommend(
        page,
        url,
        case.reference,
        summary="A rear dormer.",
        decision="Granted",
        reasons="The dormer is permitted development under Class B.",
    )
    assert PlanningApplication.objects.get(pk=case.pk).status == "awaiting_determination"

    # An assessor cannot determine: no form for them, and a hand-made post is refused on the server.
    page.goto(url("southwark", f"/applications/{case.reference}/decision"))
    assert page.get_by_text("Only a reviewer can determine").is_visible()
    assert_no_axe_violations(page)
    status = post_as_page(page, f"/applications/{case.reference}/decision", {"determined_on": "01/01/2026"})
    assert status == 403
    assert PlanningApplication.objects.get(pk=case.pk).status == "awaiting_determination"

    # The reviewer returns the summary and challenges the recommendation.
    sign_in(page, "southwark", rita.email)
    page.goto(url("southwark", f"/applications/{case.reference}/review"))
    assert_no_axe_violations(page)
    section = page.locator("form", has=page.get_by_role("button", name="Return to officer")).first
    section.get_by_label(re.compile("Comment to the officer")).fill("Say how deep the dormer is.")
    follow(page, section.get_by_role("button", name="Return to officer"))
    page.get_by_role("group", name="Do you agree with the recommendation?").get_by_label("No").check()
    page.get_by_label("Comment", exact=True).fill("The summary needs the dormer's depth.")
    follow(page, page.get_by_role("button", name="Save the review"))
    assert PlanningApplication.objects.get(pk=case.pk).status == "to_be_reviewed"

    # The officer corrects the section (a new version) and submits again.
    sign_in(page, "southwark", alice.email)
    write_and_recommend(
        page,
        url,
        case.reference,
        summary="A rear dormer 3 metres deep, within the roof's volume limit.",
        decision="Granted",
        reasons="The dormer is permitted development under Class B.",
    )
    assert PlanningApplication.objects.get(pk=case.pk).status == "awaiting_determination"

    # The reviewer accepts, agrees and determines.
    sign_in(page, "southwark", rita.email)
    page.goto(url("southwark", f"/applications/{case.reference}/review"))
    assert page.get_by_text("Earlier versions").first.is_visible()
    section = page.locator("form", has=page.get_by_role("button", name="Accept", exact=True)).first
    follow(page, section.get_by_role("button", name="Accept", exact=True))
    page.get_by_role("group", name="Do you agree with the recommendation?").get_by_label("Yes").check()
    follow(page, page.get_by_role("button", name="Save the review"))
    page.goto(url("southwark", f"/applications/{case.reference}/decision"))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("button", name="Determine and send the decision notice"))
    assert_no_axe_violations(page)
    case = PlanningApplication.objects.get(pk=case.pk)
    assert case.status == "determined"

    status, text = fetch_pdf_text(page, f"/applications/{case.reference}/decision/notice.pdf")
    assert status == 200
    flat = " ".join(text.split())
    assert case.reference_in_full in flat or case.reference in flat
    assert "192" in flat and "Rear dormer roof extension" in flat
    assert "OGL-002 rev A" in flat
    today = timezone.localdate()
    assert str(today.year) in flat
    assert "DRAFT" not in flat

    # Signed out, the notice cannot be fetched.
    page.context.clear_cookies()
    page.goto(url("southwark", "/sign-in"))
    status, _ = fetch_pdf_text(page, f"/applications/{case.reference}/decision/notice.pdf")
    assert status in (200, 302) and _ == ""


def test_a_prior_approval_refused_with_its_appeal_rights(page: Any, world: Any, url: Any, sign_in: Any) -> None:
    from bops.applications.models import PlanningApplication

    southwark = world.southwark
    alice, rita = southwark.users["assessor"], southwark.users["reviewer"]
    case = move_to_assessment(
        make_case(
            southwark.council,
            code="pa.part1.classA",
            address="5 Danby Street",
            postcode="SE15 4BU",
            description="Larger home extension: 6 metres deep",
            officer=alice,
        )
    )
    sign_in(page, "southwark", alice.email)
    write_and_recommend(
        page,
        url,
        case.reference,
        summary="A 6 metre rear extension.",
        decision="Refused",
        reasons="The extension would harm the neighbours' light.",
    )
    sign_in(page, "southwark", rita.email)
    page.goto(url("southwark", f"/applications/{case.reference}/review"))
    page.get_by_role("group", name="Do you agree with the recommendation?").get_by_label("Yes").check()
    follow(page, page.get_by_role("button", name="Save the review"))
    page.goto(url("southwark", f"/applications/{case.reference}/decision"))
    follow(page, page.get_by_role("button", name="Determine and send the decision notice"))
    assert PlanningApplication.objects.get(pk=case.pk).status == "determined"
    status, text = fetch_pdf_text(page, f"/applications/{case.reference}/decision/notice.pdf")
    flat = " ".join(text.split())
    assert status == 200
    assert "refused" in flat.lower() and "harm the neighbours" in flat
    assert "6 months" in flat or "six months" in flat
    page.goto(url("southwark", f"/applications/{case.reference}/appeals"))
    assert_no_axe_violations(page)
