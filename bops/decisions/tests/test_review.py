import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.assessment.models import Recommendation, Section, SectionVersion
from bops.assessment.tests.page_forms import form_with
from bops.core.errors import DomainError
from bops.decisions import services
from bops.decisions.models import CommitteeReferral
from bops.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(southwark, swk_users):
    """A case awaiting determination, assigned to the assessor, with one section written and a pending recommendation."""
    from bops.applications.tests.builders import make_application_in

    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    case.assigned_officer = swk_users[Role.ASSESSOR]
    case.save(update_fields=["assigned_officer"])
    SectionVersion.objects.filter(section__application=case, section__slug="summary-of-works").update(
        text="A rear extension."
    )
    return case


def _review(council, case, user, **kwargs):
    return services.section_review(
        council=council, application_id=case.pk, user=user, slug="summary-of-works", **kwargs
    )


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMINISTRATOR])
def test_only_a_reviewer_reviews(southwark, swk_users, submitted, role):
    with pytest.raises(PermissionDenied):
        _review(southwark, submitted, swk_users[role], verdict="accept")
    with pytest.raises(PermissionDenied):
        services.recommendation_review(council=southwark, application_id=submitted.pk, user=swk_users[role], agree=True)


def test_return_then_edit_keeps_every_version(southwark, swk_users, submitted):
    reviewer = swk_users[Role.REVIEWER]
    with pytest.raises(DomainError, match="what the officer should change"):
        _review(southwark, submitted, reviewer, verdict="return")
    _review(southwark, submitted, reviewer, verdict="return", comment="Say how deep it is.")
    section = Section.objects.get(application=submitted, slug="summary-of-works")
    assert section.status == Section.Status.RETURNED
    assert OutboxMessage.objects.filter(to=swk_users[Role.ASSESSOR].email, body__contains="Say how deep").exists()
    with pytest.raises(DomainError, match="was returned"):
        services.recommendation_review(council=southwark, application_id=submitted.pk, user=reviewer, agree=True)
    edited = _review(southwark, submitted, reviewer, verdict="edit", text="A 3m deep rear extension.")
    versions = list(section.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].text == "A rear extension." and versions[0].review == SectionVersion.Review.RETURNED
    assert edited.author == reviewer and edited.review == SectionVersion.Review.EDITED
    section.refresh_from_db()
    assert section.status == Section.Status.ACCEPTED


def test_accept_marks_the_latest_version(southwark, swk_users, submitted):
    version = _review(southwark, submitted, swk_users[Role.REVIEWER], verdict="accept")
    assert version.number == 1 and version.review == SectionVersion.Review.ACCEPTED


def test_agree_then_determine(southwark, swk_users, submitted):
    reviewer = swk_users[Role.REVIEWER]
    services.recommendation_review(council=southwark, application_id=submitted.pk, user=reviewer, agree=True)
    assert Recommendation.objects.get(application=submitted).review == Recommendation.Review.AGREED
    services.determine(
        council=southwark, application_id=submitted.pk, user=reviewer, determined_on=timezone.localdate()
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.DETERMINED


def test_challenge_needs_a_comment_and_returns_the_case(southwark, swk_users, submitted):
    reviewer = swk_users[Role.REVIEWER]
    with pytest.raises(DomainError, match="why you disagree"):
        services.recommendation_review(council=southwark, application_id=submitted.pk, user=reviewer, agree=False)
    services.recommendation_review(
        council=southwark, application_id=submitted.pk, user=reviewer, agree=False, comment="Overlooking not assessed."
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.TO_BE_REVIEWED
    assert Recommendation.objects.get(application=submitted).review == Recommendation.Review.CHALLENGED
    assert OutboxMessage.objects.filter(body__contains="Overlooking not assessed.").exists()


def test_committee_agree_stays_in_committee_until_decision(southwark, swk_users, submitted):
    reviewer = swk_users[Role.REVIEWER]
    services.committee_refer(
        council=southwark, application_id=submitted.pk, user=reviewer, reasons=["Ward member call-in"]
    )
    services.recommendation_review(council=southwark, application_id=submitted.pk, user=reviewer, agree=True)
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_COMMITTEE
    with pytest.raises(DomainError, match="committee's decision"):
        services.determine(
            council=southwark, application_id=submitted.pk, user=reviewer, determined_on=timezone.localdate()
        )
    services.committee_decision_record(
        council=southwark,
        application_id=submitted.pk,
        user=reviewer,
        meeting_on=timezone.localdate(),
        decision="refused",
        minutes="Harm to the neighbours' outlook.",
    )
    assert CommitteeReferral.objects.get(application=submitted).decision == "refused"
    determination = services.determine(
        council=southwark, application_id=submitted.pk, user=reviewer, determined_on=timezone.localdate()
    )
    assert determination.decision == "refused" and "outlook" in determination.reasons


def test_review_page_reviewer_acts_assessor_reads(southwark, lambeth, swk_users, lbh_users, client_for, submitted):
    path = f"/applications/{submitted.reference}/review"
    page = client_for(southwark, swk_users[Role.REVIEWER]).get(path)
    assert page.status_code == 200 and "Return to the officer" in page.content.decode()
    page = client_for(southwark, swk_users[Role.ASSESSOR]).get(path)
    assert page.status_code == 200 and "Return to the officer" not in page.content.decode()
    assert client_for(lambeth, lbh_users[Role.REVIEWER]).get(path).status_code == 404
    reviewer = client_for(southwark, swk_users[Role.REVIEWER])
    form, save = form_with(reviewer.get(path).content.decode(), "Save the review")
    returned = form.data(save, **{"summary-of-works-verdict": "return", "agree": "no", "comment": "See the notes."})
    post = reviewer.post(path, returned)
    assert post.status_code == 400 and "what the officer should change" in post.content.decode()
    post = client_for(southwark, swk_users[Role.ASSESSOR]).post(path, form.data(save, agree="yes"))
    assert post.status_code == 403
    post = reviewer.post(path, form.data(save, agree="yes"))
    assert post.status_code == 302


def test_decision_page_determines(southwark, swk_users, client_for, ready):
    case = ready()
    path = f"/applications/{case.reference}/decision"
    page = client_for(southwark, swk_users[Role.REVIEWER]).get(path)
    assert page.status_code == 200 and "draft decision notice" in page.content.decode()
    future = client_for(southwark, swk_users[Role.REVIEWER]).post(path, {"determined_on": "1/1/2099"})
    assert future.status_code == 400 and "today or in the past" in future.content.decode()
    assert client_for(southwark, swk_users[Role.ASSESSOR]).post(path, {"determined_on": "1/1/2020"}).status_code == 403
    done = client_for(southwark, swk_users[Role.REVIEWER]).post(
        path, {"determined_on": timezone.localdate().strftime("%d/%m/%Y")}
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DETERMINED
