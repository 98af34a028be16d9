"""The recommendation goes to the reviewer, and the case is determined, only when every required assessment task is
completed (checks.OPTIONAL says which tasks are not required, and why); a refusal lists what is left, each task
linked from the GOV.UK error summary. Before the fix, a recommendation went with every task open."""

import re

import pytest
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.catalogue import Family
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment import checks, services
from bops.assessment.models import Recommendation
from bops.assessment.tests.builders import complete_assessment
from bops.core.errors import DomainError
from bops.decisions import services as decisions


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")


def _who(case, user):
    return {"council": case.council, "application_id": case.pk, "user": user}


def _recommend(case, officer):
    services.recommendation_make(**_who(case, officer), decision="granted", reasons="Permitted under Class B.")


def _summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    return [(href, " ".join(text.split())) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)]


def test_every_family_requires_all_but_its_optional_tasks():
    for family in Family:
        slugs = {t.slug for s in checks.TASK_LISTS[family] for t in s.tasks}
        assert checks.OPTIONAL[family] <= slugs, family
        assert checks.RECOMMENDATION.slug not in checks.OPTIONAL[family]
    ldc = Family.LAWFUL_DEVELOPMENT_CERTIFICATE
    assert checks.is_required(ldc, checks.LEGISLATION.slug) and checks.is_required(ldc, checks.SITE_HISTORY.slug)
    assert not checks.is_required(ldc, checks.INFORMATIVES.slug)
    assert checks.is_required(Family.PLANNING_PERMISSION, checks.CIL.slug)
    assert not checks.is_required(Family.PLANNING_PERMISSION, checks.HEADS_OF_TERMS.slug)


def test_submitting_with_required_tasks_open_is_refused_naming_them(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    _recommend(case, officer)
    with pytest.raises(DomainError) as refused:
        services.recommendation_submit(**_who(case, officer))
    assert refused.value.message == (
        "4 required assessment tasks are not completed: Check site history, Summary of works, Site description and "
        "Assessment against legislation."
    )
    case.refresh_from_db()
    assert case.status == Status.IN_ASSESSMENT
    assert Recommendation.objects.get(application=case).submitted_at is None


def test_optional_tasks_may_be_left(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    complete_assessment(case, officer)
    _recommend(case, officer)
    application = services.recommendation_submit(**_who(case, officer))
    assert application.status == Status.AWAITING_DETERMINATION
    sections = {s.slug for s in case.assessment_sections.all()}
    assert checks.INFORMATIVES.slug not in sections and checks.OTHER_CONSIDERATIONS.slug not in sections


def test_the_recommendation_page_refuses_listing_each_task_with_its_link(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/assessment/recommendation"
    response = client.post(url, {"decision": "granted", "reasons": "Permitted.", "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    base = f"/applications/{case.reference}/assessment"
    assert _summary_links(html) == [
        (f"{base}/site-history", "Complete the task “Check site history”"),
        (f"{base}/summary-of-works", "Complete the task “Summary of works”"),
        (f"{base}/site-description", "Complete the task “Site description”"),
        (f"{base}/legislation", "Complete the task “Assessment against legislation”"),
    ]
    assert "Your recommendation is saved as a draft" in html
    case.refresh_from_db()
    assert case.status == Status.IN_ASSESSMENT
    assert Recommendation.objects.get(application=case).submitted_at is None


def test_the_recommendation_page_saves_and_submits_in_one_go(case, swk_users, client_for):
    complete_assessment(case, swk_users[Role.ASSESSOR])
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/assessment/recommendation"
    page = client.get(url).content.decode()
    assert "Optional tasks you have not done" in page and ">Informatives</a>" in page
    response = client.post(url, {"decision": "granted", "reasons": "Permitted.", "action": "submit"})
    assert response.status_code == 302 and response["Location"] == f"/applications/{case.reference}"
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DETERMINATION
    assert Recommendation.objects.get(application=case).submitted_at is not None


def test_the_report_page_submit_refuses_with_links_too(case, swk_users, client_for):
    _recommend(case, swk_users[Role.ASSESSOR])
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    response = client.post(f"/applications/{case.reference}/assessment/recommendation/submit")
    assert response.status_code == 400
    assert len(_summary_links(response.content.decode())) == 4


def _agreed_then_section_returned(case, swk_users):
    officer, reviewer = swk_users[Role.ASSESSOR], swk_users[Role.REVIEWER]
    complete_assessment(case, officer)
    _recommend(case, officer)
    services.recommendation_submit(**_who(case, officer))
    decisions.recommendation_review(**_who(case, reviewer), agree=True)
    decisions.section_review(**_who(case, reviewer), slug="site-description", verdict="return", comment="Which road?")


def test_determining_with_a_returned_section_is_refused(case, swk_users):
    _agreed_then_section_returned(case, swk_users)
    with pytest.raises(DomainError, match="1 required assessment task is not completed: Site description."):
        decisions.determine(**_who(case, swk_users[Role.REVIEWER]), determined_on=timezone.localdate())
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DETERMINATION


def test_the_decision_page_refuses_with_the_task_linked(case, swk_users, client_for):
    _agreed_then_section_returned(case, swk_users)
    client = client_for(case.council, swk_users[Role.REVIEWER])
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(f"/applications/{case.reference}/decision", {"determined_on": today})
    assert response.status_code == 400
    assert _summary_links(response.content.decode()) == [
        (f"/applications/{case.reference}/assessment/site-description", "Complete the task “Site description”")
    ]
