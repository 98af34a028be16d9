"""The reviewer's queue on their home (issue 11, defect 8) and the team's workload view."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import PlanningApplication, Status
from bops.applications.tests.builders import add_recommendation, make_application, make_application_in, make_user


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def _table(page, table_id):
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert found, f"no table {table_id}"
    return found.group(0)


def _waiting_since(application, days_ago):
    """The case's latest recommendation came to the reviewer (or was agreed) `days_ago` days ago."""
    from bops.assessment.models import Recommendation

    latest = Recommendation.objects.filter(application=application).order_by("-created_at", "-id").first()
    moment = timezone.now() - timedelta(days=days_ago)
    Recommendation.objects.filter(pk=latest.pk).update(
        submitted_at=moment, reviewed_at=moment if latest.reviewed_at else None
    )


@pytest.fixture
def queue(southwark, lambeth, swk_users, lbh_users):
    reviewer = swk_users[Role.REVIEWER]
    newer = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, address="2 Newer Road")
    older = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, address="1 Older Road")
    committee = make_application_in(southwark, Status.IN_COMMITTEE, swk_users, address="3 Committee Road")
    agreed = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, address="4 Agreed Road")
    add_recommendation(agreed, swk_users[Role.ASSESSOR], agreed_by=reviewer)
    _waiting_since(newer, 2)
    _waiting_since(older, 9)
    _waiting_since(committee, 5)
    _waiting_since(agreed, 3)
    return {
        "newer": newer,
        "older": older,
        "committee": committee,
        "agreed": agreed,
        "assessing": make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, address="5 Assessing Road"),
        "lambeth": make_application_in(lambeth, Status.AWAITING_DETERMINATION, lbh_users, address="6 Lambeth Road"),
    }


@pytest.mark.django_db
def test_a_reviewers_home_lists_what_waits_for_them_oldest_first(southwark, swk_users, client_for, queue):
    page = _get(client_for(southwark, swk_users[Role.REVIEWER]), "/")
    assert "Waiting for you" in page
    sign_off = _table(page, "to-sign-off")
    assert "Recommendations to sign off (3)" in sign_off
    order = [queue[k].reference_in_full for k in ("older", "committee", "newer")]
    assert [sign_off.index(ref) for ref in order] == sorted(sign_off.index(ref) for ref in order)
    assert queue["agreed"].reference_in_full not in sign_off
    # One click from the home to the page where the reviewer acts.
    assert f'href="/applications/{queue["older"].reference}/review"' in sign_off
    issue = _table(page, "to-issue")
    assert "Decisions to issue (1)" in issue
    assert queue["agreed"].reference_in_full in issue
    assert f'href="/applications/{queue["agreed"].reference}/decision"' in issue
    for table in (sign_off, issue):
        assert "working days left" in table and "calendar days left" in table
        assert queue["assessing"].reference_in_full not in table
    assert queue["lambeth"].reference_in_full not in page


@pytest.mark.django_db
def test_an_assessors_home_has_no_reviewer_queue(southwark, swk_users, client_for, queue):
    page = _get(client_for(southwark, swk_users[Role.ASSESSOR]), "/")
    assert "Waiting for you" not in page and 'id="to-sign-off"' not in page


@pytest.mark.django_db
def test_an_empty_queue_says_so(southwark, swk_users, client_for):
    page = _get(client_for(southwark, swk_users[Role.REVIEWER]), "/")
    assert "No recommendation waits for a reviewer" in page


@pytest.mark.django_db
def test_a_long_queue_shows_the_oldest_and_links_to_the_rest(southwark, swk_users, client_for, monkeypatch):
    from bops.applications import workload

    monkeypatch.setattr(workload, "QUEUE_SIZE", 2)
    for days in (1, 2, 3):
        _waiting_since(make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users), days)
    page = _get(client_for(southwark, swk_users[Role.REVIEWER]), "/")
    sign_off = _table(page, "to-sign-off")
    assert "Recommendations to sign off (3)" in sign_off
    assert sign_off.count("govuk-table__row") == 3  # the header and the two oldest
    assert "See every case in review" in page


@pytest.mark.django_db
def test_the_reviewer_queue_costs_the_same_with_more_cases(southwark, swk_users, client_for, queue):
    client = client_for(southwark, swk_users[Role.REVIEWER])
    _get(client, "/")
    with CaptureQueriesContext(connection) as few:
        _get(client, "/")
    for _ in range(4):
        make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
        agreed = make_application_in(southwark, Status.IN_COMMITTEE, swk_users)
        add_recommendation(agreed, swk_users[Role.ASSESSOR], agreed_by=swk_users[Role.REVIEWER])
    with CaptureQueriesContext(connection) as more:
        page = _get(client, "/")
    assert "Recommendations to sign off (7)" in page and "Decisions to issue (5)" in page
    assert len(more) == len(few)


# --- Workload --------------------------------------------------------------------------------------------


def _row(page, name):
    found = re.search(rf'<th scope="row"[^>]*>{re.escape(name)}</th>(.*?)</tr>', page, re.S)
    assert found, f"no row for {name}"
    return [int(n) for n in re.findall(r">\s*(?:<strong>)?(\d+)(?:</strong>)?\s*<", found.group(1))]


def _due_on(application, day):
    """The case's statutory date is `day` (no extension of time)."""
    PlanningApplication.objects.filter(pk=application.pk).update(due_date=day, statutory_date=day)


@pytest.fixture
def team(southwark, lambeth, swk_users):
    today = timezone.localdate()
    me = swk_users[Role.ASSESSOR]
    colleague = make_user(southwark, Role.ASSESSOR, name="Colin Colleague")
    cases = {
        "overdue": make_application(southwark, officer=me),
        "this_week": make_application(southwark, officer=me),
        "later": make_application(southwark, officer=me),
        "prior_approval_soon": make_application(southwark, officer=colleague, code="pa.part1.classA"),
        "prior_approval_later": make_application(southwark, officer=colleague, code="pa.part1.classA"),
        "unassigned_overdue": make_application(southwark),
        "closed": make_application_in(southwark, Status.WITHDRAWN, swk_users),
        "lambeth": make_application(lambeth),
    }
    _due_on(cases["overdue"], today - timedelta(days=3))
    _due_on(cases["this_week"], today)
    _due_on(cases["later"], today + timedelta(days=40))
    _due_on(cases["prior_approval_soon"], today + timedelta(days=1))
    _due_on(cases["prior_approval_later"], today + timedelta(days=30))
    _due_on(cases["unassigned_overdue"], today - timedelta(days=10))
    _due_on(cases["closed"], today - timedelta(days=10))
    _due_on(cases["lambeth"], today - timedelta(days=10))
    PlanningApplication.objects.filter(pk=cases["closed"].pk).update(assigned_officer=me)
    return {"me": me, "colleague": colleague, **cases}


@pytest.mark.django_db
def test_the_workload_counts_open_cases_per_officer(southwark, swk_users, client_for, team):
    page = _get(client_for(southwark, swk_users[Role.REVIEWER]), "/workload")
    # open, due this week, overdue, deemed-consent risk
    assert _row(page, team["me"].name) == [3, 1, 1, 0]
    assert _row(page, "Colin Colleague")[0] == 2 and _row(page, "Colin Colleague")[3] == 1
    assert _row(page, "Unassigned") == [1, 0, 1, 0]
    assert _row(page, swk_users[Role.REVIEWER].name) == [0, 0, 0, 0]  # an officer with no cases is listed too
    assert _row(page, "All officers")[0] == 6
    assert "Larry" not in page and "Lambeth" not in page


@pytest.mark.django_db
def test_the_workload_lists_the_cases_at_risk(southwark, swk_users, client_for, team):
    page = _get(client_for(southwark, swk_users[Role.ASSESSOR]), "/workload")
    at_risk = page[page.index('id="at-risk"') :]
    assert "Cases at risk (3)" in at_risk
    for key in ("unassigned_overdue", "overdue", "prior_approval_soon"):
        assert team[key].reference_in_full in at_risk, key
    for key in ("this_week", "later", "prior_approval_later", "closed"):
        assert team[key].reference_in_full not in at_risk, key
    # The soonest date first.
    assert at_risk.index(team["unassigned_overdue"].reference_in_full) < at_risk.index(
        team["overdue"].reference_in_full
    )
    assert "deemed given if not decided by this date" in at_risk


@pytest.mark.django_db
def test_the_workload_costs_the_same_with_more_cases(southwark, swk_users, client_for, team):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    _get(client, "/workload")
    with CaptureQueriesContext(connection) as few:
        _get(client, "/workload")
    today = timezone.localdate()
    for n in range(20):
        case = make_application(southwark, officer=team["colleague"] if n % 2 else None, code="pa.part1.classA")
        _due_on(case, today - timedelta(days=n))
    make_user(southwark, Role.REVIEWER, name="Another Reviewer")
    with CaptureQueriesContext(connection) as more:
        page = _get(client, "/workload")
    assert "Cases at risk (23)" in page
    assert len(more) == len(few)


@pytest.mark.django_db
def test_the_dashboard_links_to_the_workload(southwark, swk_users, client_for):
    page = _get(client_for(southwark, swk_users[Role.ASSESSOR]), "/")
    assert 'href="/workload"' in page


@pytest.mark.django_db
def test_an_extension_of_time_does_not_hide_a_prior_approvals_deemed_consent(southwark, swk_users, client_for):
    """A period the GPDO fixes cannot be extended by agreement (Warren Farm v Wokingham, 2019)."""
    today = timezone.localdate()
    prior_approval = make_application(southwark, code="pa.part1.classA")
    householder = make_application(southwark)
    for case in (prior_approval, householder):
        PlanningApplication.objects.filter(pk=case.pk).update(
            statutory_date=today - timedelta(days=1),
            extended_to=today + timedelta(days=30),
            due_date=today + timedelta(days=30),
        )
    page = _get(client_for(southwark, swk_users[Role.ASSESSOR]), "/workload")
    assert _row(page, "Unassigned") == [2, 0, 0, 1]  # the householder case's agreed extension applies
    at_risk = page[page.index('id="at-risk"') :]
    assert prior_approval.reference_in_full in at_risk and householder.reference_in_full not in at_risk
    assert "the period ended with no decision" in at_risk
