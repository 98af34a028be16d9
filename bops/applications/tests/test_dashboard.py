from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.selectors import Deadline, deadline_for
from bops.applications.tests.builders import make_application, make_application_in


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/?tab=all", "/?tab=mine", "/?tab=all&stage=closed", "/?tab=all&q=extension"])
def test_the_dashboard_costs_the_same_with_5_or_50_cases(southwark, swk_users, client_for, path):
    officer = swk_users[Role.ASSESSOR]
    client = client_for(southwark, officer)
    for _ in range(5):
        make_application(southwark, officer=officer)
    make_application_in(southwark, Status.DETERMINED, swk_users)
    few = _queries(client, path)
    for _ in range(45):
        make_application(southwark, officer=officer)
    assert _queries(client, path) == few


@pytest.mark.django_db
def test_the_case_page_costs_the_same_with_a_long_history(southwark, swk_users, client_for):
    application = make_application(southwark)
    client = client_for(southwark, swk_users[Role.REVIEWER])
    path = f"/applications/{application.reference}"
    before = _queries(client, path)
    from bops.applications import services

    for officer in [swk_users[Role.ASSESSOR], swk_users[Role.REVIEWER]] * 10:
        services.planning_application_assign(
            council=southwark, application_id=application.pk, user=swk_users[Role.REVIEWER], officer_id=officer.pk
        )
    assert _queries(client, path) == before


@pytest.fixture
def caseload(southwark, swk_users):
    me = swk_users[Role.ASSESSOR]
    return {
        "mine": make_application(
            southwark,
            officer=me,
            address="12 Bellenden Road",
            postcode="SE15 4RF",
            description="Single storey rear extension",
        ),
        "unassigned": make_application(
            southwark,
            address="3 Lordship Lane",
            postcode="SE22 8EW",
            description="Loft conversion with rear dormer",
            code="ldc.proposed",
        ),
        "assessing": make_application_in(
            southwark,
            Status.IN_ASSESSMENT,
            swk_users,
            address="9 Grove Park",
            postcode="SE5 8LR",
            description="Basement excavation",
        ),
        "determined": make_application_in(
            southwark,
            Status.DETERMINED,
            swk_users,
            address="1 Camberwell Grove",
            postcode="SE5 8JA",
            description="Replacement windows",
        ),
    }


def _refs(client, query):
    response = client.get("/" + query)
    assert response.status_code == 200, response.content[:300]
    page = response.content.decode()
    return page


@pytest.mark.django_db
def test_tabs_and_stages(southwark, swk_users, client_for, caseload):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    mine = _refs(client, "")  # an officer starts on their own cases
    assert caseload["mine"].reference_in_full in mine
    assert caseload["unassigned"].reference_in_full not in mine
    everything = _refs(client, "?tab=all")
    assert all(caseload[k].reference_in_full in everything for k in ("mine", "unassigned", "assessing"))
    assert caseload["determined"].reference_in_full not in everything  # closed cases are under Closed
    unassigned = _refs(client, "?tab=unassigned")
    assert caseload["unassigned"].reference_in_full in unassigned
    assert caseload["mine"].reference_in_full not in unassigned
    closed = _refs(client, "?tab=all&stage=closed")
    assert caseload["determined"].reference_in_full in closed
    assert caseload["mine"].reference_in_full not in closed
    assessment = _refs(client, "?tab=all&stage=assessment")
    assert caseload["assessing"].reference_in_full in assessment
    assert "Validation (2)" in everything and "Assessment (1)" in everything and "Closed (1)" in everything


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("{mine}", "mine"),
        ("{mine_full}", "mine"),
        ("{mine_short}", "mine"),
        ("se22 8ew", "unassigned"),
        ("SE228EW", "unassigned"),
        ("bellenden", "mine"),
        ("rear DORMER", "unassigned"),
        ("grove park", "assessing"),
    ],
)
def test_search(southwark, swk_users, client_for, caseload, q, expected):
    mine = caseload["mine"]
    year, number, _ = mine.reference.split("-")
    q = q.format(mine=mine.reference, mine_full=mine.reference_in_full, mine_short=f"{year}-{int(number)}")
    page = _refs(client_for(southwark, swk_users[Role.ASSESSOR]), f"?tab=all&q={q}")
    assert caseload[expected].reference_in_full in page
    others = [k for k in ("mine", "unassigned", "assessing") if k != expected]
    assert not any(caseload[k].reference_in_full in page for k in others)


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["%", "_", "'; drop table x; --", '"<script>alert(1)</script>', "😀", "\\", "SE15%"])
def test_search_with_odd_characters_finds_nothing_and_breaks_nothing(southwark, swk_users, client_for, caseload, q):
    response = client_for(southwark, swk_users[Role.ASSESSOR]).get("/", {"tab": "all", "q": q})
    assert response.status_code == 200
    page = response.content.decode()
    assert "No cases match" in page
    assert "<script>alert" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "bogus"}, "Choose a status from the list"),
        ({"type": "pp.nothing"}, "Choose an application type from the list"),
        ({"q": "x" * 101}, "Search must be 100 characters or fewer"),
        ({"q": "bad\x00byte"}, "control characters"),
    ],
)
def test_bad_filters_get_a_clear_message(southwark, swk_users, client_for, caseload, params, message):
    response = client_for(southwark, swk_users[Role.ASSESSOR]).get("/", {"tab": "all", **params})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert caseload["mine"].reference_in_full in page  # the list still shows, without the bad filter


@pytest.mark.django_db
def test_filters_by_status_and_type(southwark, swk_users, client_for, caseload):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    by_status = _refs(client, "?tab=all&status=in_assessment")
    assert caseload["assessing"].reference_in_full in by_status
    assert caseload["mine"].reference_in_full not in by_status
    by_type = _refs(client, "?tab=all&type=ldc.proposed")
    assert caseload["unassigned"].reference_in_full in by_type
    assert caseload["mine"].reference_in_full not in by_type


@pytest.mark.django_db
def test_pagination(southwark, swk_users, client_for):
    for _ in range(27):
        make_application(southwark)
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    first = _refs(client, "?tab=all")
    assert "govuk-pagination" in first and "(27)" in first
    second = _refs(client, "?tab=all&page=2")
    assert second.count("govuk-table__row") == 3  # header row and two cases
    assert _refs(client, "?tab=all&page=999").count("govuk-table__row") == 3  # past the end: the last page


@pytest.mark.django_db
def test_deadlines(southwark, swk_users):
    today = timezone.localdate()
    overdue = make_application(southwark, submitted_at=timezone.now() - timedelta(days=80))
    state = deadline_for(overdue, today=today)
    assert isinstance(state, Deadline) and state.state == "overdue" and "overdue" in state.text
    fresh = make_application(southwark, submitted_at=timezone.now() - timedelta(days=1))
    assert deadline_for(fresh, today=today).state == "on_track"
    prior_approval = make_application(
        southwark, code="pa.part1.classA", submitted_at=timezone.now() - timedelta(days=39)
    )
    soon = deadline_for(prior_approval, today=today)
    assert soon.state == "due_soon"
    assert soon.deemed_consent
    determined = make_application_in(southwark, Status.DETERMINED, swk_users)
    assert deadline_for(determined, today=today) is None


@pytest.mark.django_db
def test_the_dashboard_flags_overdue_and_deemed_consent(southwark, swk_users, client_for):
    make_application(southwark, submitted_at=timezone.now() - timedelta(days=80))
    make_application(southwark, code="pa.part1.classA", submitted_at=timezone.now() - timedelta(days=39))
    page = _refs(client_for(southwark, swk_users[Role.ASSESSOR]), "?tab=all")
    assert "govuk-tag--red" in page and "overdue" in page
    assert "consent is deemed given" in page


@pytest.mark.django_db
def test_references_past_99999_are_found(southwark, swk_users, client_for):
    southwark.last_application_number = 100_099
    southwark.save()
    application = make_application(southwark)
    assert application.number == 100_100
    page = _refs(client_for(southwark, swk_users[Role.ASSESSOR]), f"?tab=all&q={application.reference}")
    assert application.reference_in_full in page


@pytest.mark.django_db
def test_an_earlier_reference_still_finds_the_case(southwark, swk_users, client_for):
    from bops.applications import services

    application = make_application(southwark)
    old = application.reference
    services.planning_application_change_type(
        council=southwark, application_id=application.pk, user=swk_users[Role.ASSESSOR], code="ldc.proposed"
    )
    application.refresh_from_db()
    page = _refs(client_for(southwark, swk_users[Role.ASSESSOR]), f"?tab=all&q={old}")
    assert application.reference_in_full in page
    assert old != application.reference


@pytest.mark.django_db
def test_word_search_counts_are_capped(southwark, swk_users, client_for, monkeypatch):
    from bops.applications import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for _ in range(5):
        make_application(southwark)
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    capped = _refs(client, "?tab=all&q=extension")
    assert "Open (3+)" in capped
    exact = _refs(client, "?tab=all")
    assert "Open (5)" in exact


def test_a_case_due_on_a_weekend_is_at_least_one_working_day_overdue():
    from datetime import date

    from bops.applications.selectors import Deadline

    # Due Saturday 6 January 2024, looked at on Sunday 7 January: no working day has passed, but it is overdue.
    deadline = Deadline(due_date=date(2024, 1, 6), working_days_left=0, state="overdue", deemed_consent=False)
    assert deadline.text == "1 working day overdue"


def test_the_stages_cover_every_status_once():
    from bops.applications.models import CLOSED_STATUSES, OPEN_STATUSES
    from bops.applications.selectors import Stage

    open_stages = [s for stage in (Stage.VALIDATION, Stage.ASSESSMENT, Stage.REVIEW) for s in stage.statuses]
    assert sorted(open_stages) == sorted(OPEN_STATUSES)
    assert Stage.CLOSED.statuses == CLOSED_STATUSES
    assert set(OPEN_STATUSES) | set(CLOSED_STATUSES) | {Status.PENDING} == set(Status)


@pytest.mark.django_db
def test_the_stage_counts_honour_the_filters_in_force(southwark, swk_users, client_for, caseload):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    # Two open cases are not started (mine, unassigned); one is in assessment; one is determined.
    page = _refs(client, "?tab=all&status=not_started")
    assert "All cases: open cases (2)" in page
    for tab in ("Open (2)", "Validation (2)", "Assessment (0)", "Review (0)", "Closed (0)"):
        assert tab in page, tab
    # Each tab lists what it counts: the filter stays in force when the stage changes.
    assessment = _refs(client, "?tab=all&stage=assessment&status=not_started")
    assert "No cases match" in assessment
    assert "stage=assessment&amp;status=not_started" in page
    by_type = _refs(client, "?tab=all&type=ldc.proposed")
    assert "Open (1)" in by_type and "Validation (1)" in by_type and "Closed (0)" in by_type


@pytest.mark.django_db
def test_the_stage_counts_of_a_word_search_honour_the_status_too(southwark, swk_users, client_for, caseload):
    page = _refs(client_for(southwark, swk_users[Role.ASSESSOR]), "?tab=all&q=grove&status=in_assessment")
    assert "Open (1)" in page and "Assessment (1)" in page and "Closed (0)" in page
