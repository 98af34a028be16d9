"""The sentences of the recommendation, review, decision and notice pages: a decision's label ("Granted", "Prior
approval not required") is never dropped into a sentence as a verb. Before, the decision page said "The
recommendation is to granted (not reviewed)", the determined case "Not required", the notice's message "Prior
approval: prior approval not required on ...", and pre-application advice was "Planning permission is granted"."""

import re

import pytest
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import add_recommendation, make_application_in
from bops.assessment import wording
from bops.assessment.models import Recommendation
from bops.core.dates import format_date
from bops.decisions import notice, services
from bops.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")]).split())


def _recommend(case, officer, decision: str) -> Recommendation:
    latest = Recommendation.objects.filter(application=case).order_by("-created_at", "-id").first()
    latest.decision = decision
    latest.save(update_fields=["decision"])
    return latest


def test_the_decision_page_says_what_the_officer_recommends_and_where_the_review_stands(
    southwark, swk_users, client_for
):
    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, code="ldc.proposed")
    client = client_for(southwark, swk_users[Role.REVIEWER])
    page = _text(client.get(f"/applications/{case.reference}/decision"))
    assert "The officer recommends that the certificate is granted. The reviewer has not reviewed it yet." in page
    assert "is to granted" not in page and "(not reviewed)" not in page
    services.recommendation_review(council=southwark, application_id=case.pk, user=swk_users[Role.REVIEWER], agree=True)
    page = _text(client.get(f"/applications/{case.reference}/decision"))
    today = format_date(timezone.localdate())
    assert f"{swk_users[Role.REVIEWER].name} agreed with it on {today}." in page


def test_a_prior_approval_not_required_reads_as_a_sentence_everywhere(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, code="pa.part1.classA")
    _recommend(case, swk_users[Role.ASSESSOR], "not_required")
    client = client_for(southwark, swk_users[Role.REVIEWER])
    review = _text(client.get(f"/applications/{case.reference}/review"))
    assert "The officer recommends that prior approval is not required." in review
    reviewer = swk_users[Role.REVIEWER]
    services.recommendation_review(council=southwark, application_id=case.pk, user=reviewer, agree=True)
    services.determine(council=southwark, application_id=case.pk, user=reviewer, determined_on=timezone.localdate())
    page = _text(client.get(f"/applications/{case.reference}/decision"))
    today = format_date(timezone.localdate())
    assert f"On {today} the council decided that prior approval is not required." in page
    assert "Decision Prior approval not required" in page and "Not required" not in page
    message = OutboxMessage.objects.filter(application=case, subject__startswith="Decision on").first()
    assert f"Prior approval, decided on {today}." in message.body
    assert "prior approval not required on" not in message.body


def test_a_recommendation_names_its_decision_as_a_label():
    assert str(Recommendation(decision="granted")) == "Recommendation: Granted"


@pytest.mark.parametrize(
    ("code", "decision", "clause"),
    [
        ("ldc.proposed", "refused", "the certificate is refused"),
        ("pp.full.householder", "granted", "planning permission is granted"),
        ("pa.part1.classA", "approved", "prior approval is given"),
        ("listed", "granted", "the application is granted"),
        ("preApp", "granted", "the advice is that the proposal is acceptable"),
    ],
)
def test_every_family_and_decision_has_its_sentence(southwark, swk_users, code, decision, clause):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code=code)
    add_recommendation(case, swk_users[Role.ASSESSOR])
    recommendation = _recommend(case, swk_users[Role.ASSESSOR], decision)
    assert wording.recommendation_sentence(recommendation).startswith(f"The officer recommends that {clause}.")


def test_pre_application_advice_is_not_a_planning_permission(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="preApp")
    heading, paragraphs = notice.decision_words(case, "granted")
    assert heading == "Pre-application advice"
    assert "Planning permission" not in paragraphs[0] and "is acceptable" in paragraphs[0]
    listed = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="listed")
    heading, paragraphs = notice.decision_words(listed, "refused")
    assert heading == "Consent to do works to a Listed Building"
    assert paragraphs == ["The application is refused for the development described below."]


def test_a_returned_section_is_named_by_its_title_in_the_officers_message(southwark, swk_users):
    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, code="ldc.proposed")
    case.assigned_officer = swk_users[Role.ASSESSOR]
    case.save(update_fields=["assigned_officer"])
    services.section_review(
        council=southwark,
        application_id=case.pk,
        user=swk_users[Role.REVIEWER],
        slug="site-description",
        verdict="return",
        comment="Which road?",
    )
    message = OutboxMessage.objects.filter(application=case, subject__contains="was returned").first()
    assert "the section “Site description” of your report" in message.body
