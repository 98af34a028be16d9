"""The officer's assessment: report sections and their versions, conditions, the recommendation, the report."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pypdf import PdfReader

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment import checks, services
from bops.assessment.models import Recommendation, SectionVersion
from bops.assessment.tests.builders import complete_assessment
from bops.core.errors import DomainError
from bops.validation.models import RequestKind


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")


@pytest.fixture
def householder(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)


def _save(case, user, text, slug="summary-of-works"):
    return services.section_save(council=case.council, application_id=case.pk, user=user, slug=slug, text=text)


def _return(version, reviewer, comment="Say more about the roof."):
    version.review = SectionVersion.Review.RETURNED
    version.review_comment = comment
    version.reviewed_by = reviewer
    version.reviewed_at = timezone.now()
    version.save()


def test_task_lists_per_family():
    from bops.applications.catalogue import Family

    ldc = checks.task_slugs(Family.LAWFUL_DEVELOPMENT_CERTIFICATE, code="ldc.proposed")
    assert "legislation" in ldc and "immunity" not in ldc and "conditions" not in ldc
    assert "immunity" in checks.task_slugs(Family.LAWFUL_DEVELOPMENT_CERTIFICATE, code="ldc.existing")
    assert {"amenity", "site-visit", "conditions"} <= set(checks.task_slugs(Family.PRIOR_APPROVAL))
    assert {"pd-rights", "neighbour-summary"} <= set(checks.task_slugs(Family.PLANNING_PERMISSION))


def test_saving_before_review_updates_the_same_version(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    _save(case, officer, "A rear extension.")
    version = _save(case, officer, "A single storey rear extension.")
    assert version.number == 1
    assert SectionVersion.objects.filter(section__application=case).count() == 1


def test_a_returned_section_saved_again_is_a_new_version(case, swk_users):
    officer, reviewer = swk_users[Role.ASSESSOR], swk_users[Role.REVIEWER]
    _return(_save(case, officer, "A rear extension."), reviewer)
    with pytest.raises(DomainError, match="Change the section before sending it back"):
        _save(case, officer, "A rear extension.")
    version = _save(case, officer, "A rear extension with a flat roof.")
    assert version.number == 2
    assert [v.text for v in SectionVersion.objects.filter(section__application=case)] == [
        "A rear extension.",
        "A rear extension with a flat roof.",
    ]


def test_sections_are_refused_outside_assessment(southwark, swk_users):
    case = make_application_in(southwark, Status.NOT_STARTED, swk_users, code="ldc.proposed")
    with pytest.raises(DomainError, match="cannot be changed now"):
        _save(case, swk_users[Role.ASSESSOR], "Text")


def test_an_administrator_may_not_write_the_assessment(case, swk_users):
    with pytest.raises(PermissionDenied):
        _save(case, swk_users[Role.ADMINISTRATOR], "Text")


def test_a_condition_needs_a_reason(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    with pytest.raises(DomainError, match="reason"):
        services.condition_add(
            council=southwark,
            application_id=case.pk,
            user=swk_users[Role.ASSESSOR],
            new=services.NewCondition(text="Materials to match."),
        )


def test_a_pre_commencement_condition_asks_the_applicant(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    condition = services.condition_add(
        council=southwark,
        application_id=case.pk,
        user=swk_users[Role.ASSESSOR],
        new=services.NewCondition(
            text="Submit a construction plan.", reason="To protect the neighbours.", pre_commencement=True
        ),
    )
    request = condition.validation_request
    assert request.kind == RequestKind.PRE_COMMENCEMENT_CONDITION
    assert request.proposed == "Submit a construction plan."
    services.condition_remove(
        council=southwark, application_id=case.pk, user=swk_users[Role.ASSESSOR], condition_id=condition.pk
    )
    request.refresh_from_db()
    assert not request.is_live


@pytest.mark.parametrize(
    ("code", "good", "bad"),
    [
        ("ldc.proposed", "granted", "not_required"),
        ("pa.part1.classA", "not_required", "granted"),
        ("pp.full.householder", "refused", "approved"),
    ],
)
def test_recommendation_decisions_per_family(southwark, swk_users, code, good, bad):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code=code)
    officer = swk_users[Role.ASSESSOR]
    with pytest.raises(DomainError, match="Choose a decision"):
        services.recommendation_make(
            council=southwark, application_id=case.pk, user=officer, decision=bad, reasons="Because."
        )
    with pytest.raises(DomainError, match="reasons"):
        services.recommendation_make(council=southwark, application_id=case.pk, user=officer, decision=good, reasons="")
    made = services.recommendation_make(
        council=southwark, application_id=case.pk, user=officer, decision=good, reasons="Because."
    )
    assert made.decision == good


def test_submit_needs_a_recommendation(case, swk_users):
    with pytest.raises(DomainError, match="Make the recommendation first"):
        services.recommendation_submit(council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR])


def test_submit_is_refused_while_a_request_is_open(householder, swk_users):
    case = householder
    officer = swk_users[Role.ASSESSOR]
    services.recommendation_make(
        council=case.council, application_id=case.pk, user=officer, decision="granted", reasons="Complies."
    )
    services.condition_add(
        council=case.council,
        application_id=case.pk,
        user=officer,
        new=services.NewCondition(text="Submit a plan.", reason="To protect trees.", pre_commencement=True),
    )
    with pytest.raises(DomainError, match="waits for the applicant"):
        services.recommendation_submit(council=case.council, application_id=case.pk, user=officer)


def test_submit_sends_the_case_for_determination(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    complete_assessment(case, officer)
    services.recommendation_make(
        council=case.council, application_id=case.pk, user=officer, decision="granted", reasons="Complies."
    )
    application = services.recommendation_submit(council=case.council, application_id=case.pk, user=officer)
    assert application.status == Status.AWAITING_DETERMINATION
    assert Recommendation.objects.get(application=case).submitted_at is not None


def test_site_visit_cannot_be_in_the_future(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    with pytest.raises(DomainError, match="today or in the past"):
        services.site_visit_add(
            council=southwark,
            application_id=case.pk,
            user=swk_users[Role.ASSESSOR],
            visited_on=timezone.localdate() + timedelta(days=1),
        )


# --- Pages --------------------------------------------------------------------------------------------------


def test_task_list_page_shows_statuses(case, swk_users, client_for):
    _save(case, swk_users[Role.ASSESSOR], "A rear extension.")
    response = client_for(case.council, swk_users[Role.ADMINISTRATOR]).get(f"/applications/{case.reference}/assessment")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Summary of works" in body and "Make the recommendation" in body


def test_section_page_saves_and_moves_on(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/assessment/summary-of-works"
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "A rear extension.", "action": "complete"})
    assert response.status_code == 302
    assert response["Location"].endswith("/assessment/site-description") or "/assessment/" in response["Location"]


def test_section_page_shows_the_reviewers_comment(case, swk_users, client_for):
    _return(_save(case, swk_users[Role.ASSESSOR], "A rear extension."), swk_users[Role.REVIEWER], "Too short.")
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/assessment/summary-of-works"
    assert "Too short." in client.get(url).content.decode()
    response = client.post(url, {"text": "A rear extension.", "action": "complete"})
    assert response.status_code == 400
    assert "Change the section before sending it back" in response.content.decode()


def test_administrator_is_refused_a_section_page(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ADMINISTRATOR])
    assert client.get(f"/applications/{case.reference}/assessment/summary-of-works").status_code == 403


def test_another_council_sees_nothing(case, lambeth, lbh_users, client_for):
    client = client_for(lambeth, lbh_users[Role.ASSESSOR])
    for path in ("", "/summary-of-works", "/report", "/report.pdf", "/recommendation", "/site-history"):
        assert client.get(f"/applications/{case.reference}/assessment{path}").status_code == 404


def test_other_pages_render(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="pa.part1.classA")
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    for path in ("site-history", "site-visit", "conditions", "informatives", "recommendation", "amenity"):
        assert client.get(f"/applications/{case.reference}/assessment/{path}").status_code == 200, path


def test_recommendation_page_and_submit(case, swk_users, client_for):
    complete_assessment(case, swk_users[Role.ASSESSOR])
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    base = f"/applications/{case.reference}/assessment"
    response = client.post(f"{base}/recommendation", {"decision": "granted", "reasons": ""})
    assert response.status_code == 400
    draft = {"decision": "granted", "reasons": "It is lawful.", "action": "draft"}
    assert client.post(f"{base}/recommendation", draft).status_code == 302
    assert client.post(f"{base}/recommendation/submit").status_code == 302
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DETERMINATION


def test_submit_page_shows_the_refusal(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    response = client.post(f"/applications/{case.reference}/assessment/recommendation/submit")
    assert response.status_code == 400
    assert "Make the recommendation first" in response.content.decode()


def test_report_page_and_pdf(case, swk_users, client_for):
    officer = swk_users[Role.ASSESSOR]
    _save(case, officer, "A loft conversion with a rear dormer.")
    services.recommendation_make(
        council=case.council, application_id=case.pk, user=officer, decision="granted", reasons="It is lawful."
    )
    client = client_for(case.council, officer)
    page = client.get(f"/applications/{case.reference}/assessment/report")
    assert page.status_code == 200
    assert "A loft conversion with a rear dormer." in page.content.decode()
    response = client.get(f"/applications/{case.reference}/assessment/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "rear dormer" in text and "It is lawful." in text
    assert (
        client_for(case.council, swk_users[Role.ADMINISTRATOR])
        .get(f"/applications/{case.reference}/assessment/report.pdf")
        .status_code
        == 403
    )
