"""The reviewer's one page: every section waiting for review starts as accepted, any one may be edited or returned,
and the recommendation is agreed and the case determined in the same submit (the decision date and a reviewer are
what the determination needs). Before, each section had its own submit, the recommendation another, and the
determination a page of its own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment.models import Recommendation, Section, SectionVersion
from bops.assessment.tests.page_forms import form_with
from bops.decisions.models import Determination

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(southwark, swk_users):
    """An LDC awaiting determination: its report written (two sections of text) and the recommendation sent."""
    return make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, code="ldc.proposed")


def _page(client, case):
    path = f"/applications/{case.reference}/review"
    response = client.get(path)
    assert response.status_code == 200
    return path, response.content.decode()


def test_one_submit_accepts_every_section_agrees_and_determines(southwark, swk_users, client_for, submitted):
    client = client_for(southwark, swk_users[Role.REVIEWER])
    path, page = _page(client, submitted)
    form, determine = form_with(page, "Save the review and determine")
    waiting = [name for name, value in form.controls if name.endswith("-verdict")]
    assert len(waiting) == SectionVersion.objects.filter(section__application=submitted).count() == 2
    assert all(value == "accept" for name, value in form.controls if name.endswith("-verdict"))
    response = client.post(path, form.data(determine, agree="yes"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.DETERMINED
    determination = Determination.objects.get(application=submitted)
    assert determination.determined_on == timezone.localdate() and determination.determined_by.role == Role.REVIEWER
    assert set(SectionVersion.objects.filter(section__application=submitted).values_list("review", flat=True)) == {
        SectionVersion.Review.ACCEPTED
    }
    assert Recommendation.objects.get(application=submitted).review == Recommendation.Review.AGREED


def test_one_section_edited_another_returned_and_the_case_goes_back(southwark, swk_users, client_for, submitted):
    client = client_for(southwark, swk_users[Role.REVIEWER])
    path, page = _page(client, submitted)
    form, save = form_with(page, "Save the review")
    data = form.data(
        save,
        **{
            "summary-of-works-verdict": "edit",
            "summary-of-works-text": "A rear dormer 3 metres deep.",
            "site-description-verdict": "return",
            "site-description-comment": "Say which road the house faces.",
            "agree": "no",
            "comment": "The site description is incomplete.",
        },
    )
    assert client.post(path, data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.TO_BE_REVIEWED
    sections = {s.slug: s for s in Section.objects.filter(application=submitted)}
    assert sections["site-description"].status == Section.Status.RETURNED
    assert sections["summary-of-works"].status == Section.Status.ACCEPTED
    edited = sections["summary-of-works"].versions.order_by("-number").first()
    assert edited.text == "A rear dormer 3 metres deep." and edited.review == SectionVersion.Review.EDITED
    assert Recommendation.objects.get(application=submitted).review == Recommendation.Review.CHALLENGED


def test_returning_a_section_while_agreeing_is_refused_and_changes_nothing(southwark, swk_users, client_for, submitted):
    client = client_for(southwark, swk_users[Role.REVIEWER])
    path, page = _page(client, submitted)
    form, determine = form_with(page, "Save the review and determine")
    data = form.data(
        determine, **{"site-description-verdict": "return", "site-description-comment": "Which road?", "agree": "yes"}
    )
    response = client.post(path, data)
    assert response.status_code == 400
    assert "say you disagree with the recommendation" in response.content.decode()
    assert not SectionVersion.objects.filter(section__application=submitted).exclude(review="pending").exists()
    submitted.refresh_from_db()
    assert submitted.status == Status.AWAITING_DETERMINATION


def test_a_refused_determination_saves_none_of_the_review(southwark, swk_users, client_for, submitted):
    client = client_for(southwark, swk_users[Role.REVIEWER])
    path, page = _page(client, submitted)
    form, determine = form_with(page, "Save the review and determine")
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(path, form.data(determine, agree="yes", determined_on=tomorrow))
    assert response.status_code == 400
    assert "The determination date must be today or in the past." in response.content.decode()
    assert Recommendation.objects.get(application=submitted).review == Recommendation.Review.PENDING
    assert not SectionVersion.objects.filter(section__application=submitted).exclude(review="pending").exists()
    assert not Determination.objects.filter(application=submitted).exists()


def test_save_the_review_only_agrees(southwark, swk_users, client_for, submitted):
    client = client_for(southwark, swk_users[Role.REVIEWER])
    path, page = _page(client, submitted)
    form, save = form_with(page, "Save the review")
    assert client.post(path, form.data(save, agree="yes")).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.AWAITING_DETERMINATION
    assert Recommendation.objects.get(application=submitted).review == Recommendation.Review.AGREED
