"""Validating in the evening, at a weekend or on a bank holiday (issue 11, defect 1).

A case that arrives outside working hours counts as received at 09:00 on the next working day. The valid-from date
is a legal date, the day the last required item counts as received (DMPO 2015 art. 34(6)(c) with art. 12), so an
officer validating that same evening must be able to accept the date offered, even though it is after today's
date, and the statutory determination date follows from it (DMPO 2015 art. 34(2)). Each case is validated through
the decision page with the date the page offers.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bops.accounts.models import Role
from bops.applications import services as applications
from bops.applications.models import PlanningApplication, Status
from bops.applications.tests.builders import make_application, square
from bops.core import dates
from bops.core.errors import DomainError
from bops.documents.services import Upload
from bops.notifications.models import OutboxMessage
from bops.validation import services
from bops.validation.models import RequestKind
from bops.validation.services import Answered, NewRequest

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def officer(swk_users):
    return swk_users[Role.ASSESSOR]


def add_by_hand(council, officer, *, code="pp.full.householder"):
    """An application an officer types in from a paper form, received "today" (the date left empty)."""
    return applications.planning_application_create_by_hand(
        council=council,
        user=officer,
        code=code,
        site=applications.Site(address_line_1="3 Grove Lane", town="London", postcode="SE5 8SY"),
        description="Single storey rear extension",
        applicant=applications.Person(name="Jo Bloggs", email="jo@applicant.example"),
        agent=None,
        boundary=square(),
        received_on=None,
        uploads=[],
    )


def offered_valid_from(client, application) -> tuple[str, str]:
    """The date the decision page offers in its Valid from field, and the page."""
    page = client.get(f"/applications/{application.reference}/validation/decision")
    assert page.status_code == 200
    html = page.content.decode()
    field = re.search(r'<input[^>]*name="valid_from"[^>]*>', html)
    assert field is not None
    return re.search(r'value="([^"]*)"', field.group(0)).group(1), html


def validate_with_offered_date(client, application):
    offered, html = offered_valid_from(client, application)
    answer = client.post(
        f"/applications/{application.reference}/validation/decision", {"action": "validate", "valid_from": offered}
    )
    assert answer.status_code == 302, answer.content.decode()
    return offered, html, PlanningApplication.objects.get(pk=application.pk)


@pytest.mark.parametrize(
    ("added_at", "validated_at", "received", "statutory"),
    [
        # Wednesday 4 March 2026 at 17:48: received Thursday; validated at 19:30 the same evening.
        pytest.param(
            london(2026, 3, 4, 17, 48),
            london(2026, 3, 4, 19, 30),
            date(2026, 3, 5),
            date(2026, 4, 30),
            id="weekday-evening",
        ),
        # Saturday 7 March 2026: received Monday 9 March; validated on the Saturday evening.
        pytest.param(
            london(2026, 3, 7, 17, 48), london(2026, 3, 7, 20, 0), date(2026, 3, 9), date(2026, 5, 4), id="saturday"
        ),
        # Christmas Day (a Friday) 2026: Boxing Day's substitute is Monday 28 December, so received Tuesday 29.
        pytest.param(
            london(2026, 12, 25, 17, 48),
            london(2026, 12, 25, 21, 0),
            date(2026, 12, 29),
            date(2027, 2, 23),
            id="christmas-day",
        ),
        # Monday 28 December 2026, the substitute bank holiday, in office hours: still received Tuesday 29.
        pytest.param(
            london(2026, 12, 28, 11, 0),
            london(2026, 12, 28, 18, 0),
            date(2026, 12, 29),
            date(2027, 2, 23),
            id="substitute-bank-holiday",
        ),
    ],
)
def test_a_case_added_by_hand_out_of_hours_is_validated_the_same_evening_with_the_date_offered(
    southwark, officer, client_for, time_machine, added_at, validated_at, received, statutory
):
    time_machine.move_to(added_at, tick=False)
    case = add_by_hand(southwark, officer)
    assert timezone_date(case.received_at) == received
    time_machine.move_to(validated_at, tick=False)

    offered, html, validated = validate_with_offered_date(client_for(southwark, officer), case)

    assert offered == received.strftime("%d/%m/%Y")
    assert "counts as received on the next working day, so this is after today, and you can validate now" in html
    assert validated.status == Status.IN_ASSESSMENT
    assert validated.valid_from == received
    assert validated.statutory_date == validated.due_date == statutory == received + timedelta(days=56)
    assert validated.target_date == statutory - timedelta(days=southwark.target_days_before_due)
    notice = OutboxMessage.objects.get(application=case, subject__contains="is valid")
    assert f"valid from {dates.format_date(received)}" in notice.body
    assert dates.format_date(statutory) in notice.body


def test_a_submission_at_one_minute_to_midnight_is_validated_before_midnight(
    southwark, officer, client_for, time_machine
):
    # Thursday 5 March 2026 at 23:59: received at 09:00 on Friday 6 March.
    time_machine.move_to(london(2026, 3, 5, 23, 59), tick=False)
    case = make_application(southwark, submitted_at=london(2026, 3, 5, 23, 59), officer=officer)
    time_machine.move_to(london(2026, 3, 5, 23, 59) + timedelta(seconds=40), tick=False)

    offered, _, validated = validate_with_offered_date(client_for(southwark, officer), case)

    assert offered == "06/03/2026"
    assert validated.valid_from == date(2026, 3, 6)
    assert validated.statutory_date == date(2026, 5, 1)


def test_an_answer_sent_at_one_minute_to_midnight_counts_from_the_next_working_day(
    southwark, officer, client_for, time_machine
):
    time_machine.move_to(london(2026, 3, 2, 10), tick=False)
    case = make_application(southwark, submitted_at=london(2026, 3, 2, 10), officer=officer)
    request = services.validation_request_create(
        council=southwark,
        application_id=case.pk,
        user=officer,
        new=NewRequest(kind=RequestKind.ADDITIONAL_DOCUMENT, reason="Send the floor plans.", document_type="floorPlan"),
    )
    services.application_invalidate(council=southwark, application_id=case.pk, user=officer)
    # Friday 6 March 2026 at 23:59: the missing plans arrive; they count from Monday 9 March.
    time_machine.move_to(london(2026, 3, 6, 23, 59), tick=False)
    services.validation_request_answer(
        council=southwark,
        application_id=case.pk,
        request_id=request.pk,
        answer=Answered(uploads=[Upload(name="floor.pdf", content=b"%PDF-1.4\n%%EOF\n")]),
        through="link",
    )
    # The officer validates at once, still on the Friday night.
    time_machine.move_to(london(2026, 3, 6, 23, 59) + timedelta(seconds=50), tick=False)
    offered, _, validated = validate_with_offered_date(client_for(southwark, officer), case)

    assert offered == "09/03/2026"
    assert validated.valid_from == date(2026, 3, 9)
    assert validated.statutory_date == date(2026, 5, 4)


def test_the_day_before_the_case_counts_as_received_is_still_refused(southwark, officer, client_for, time_machine):
    time_machine.move_to(london(2026, 3, 4, 17, 48), tick=False)
    case = add_by_hand(southwark, officer)
    time_machine.move_to(london(2026, 3, 4, 19, 30), tick=False)

    answer = client_for(southwark, officer).post(
        f"/applications/{case.reference}/validation/decision", {"action": "validate", "valid_from": "04/03/2026"}
    )

    assert answer.status_code == 400
    assert "cannot be valid before 5 March 2026" in answer.content.decode()
    assert PlanningApplication.objects.get(pk=case.pk).valid_from is None


@pytest.mark.parametrize(
    ("now", "refused", "latest"),
    [
        pytest.param(london(2026, 3, 4, 19, 30), date(2026, 3, 6), "5 March 2026", id="weekday-evening"),
        pytest.param(london(2026, 3, 4, 11, 0), date(2026, 3, 5), "4 March 2026", id="in-office-hours"),
        pytest.param(london(2026, 12, 25, 21, 0), date(2026, 12, 30), "29 December 2026", id="christmas-day"),
    ],
)
def test_a_date_later_than_anything_arriving_now_could_count_is_refused(
    southwark, officer, time_machine, now, refused, latest
):
    time_machine.move_to(london(2026, 3, 2, 10), tick=False)
    case = make_application(southwark, submitted_at=london(2026, 3, 2, 10), officer=officer)
    time_machine.move_to(now, tick=False)
    with pytest.raises(DomainError, match=f"the latest it can be now is {latest}") as error:
        services.application_validate(council=southwark, application_id=case.pk, user=officer, valid_from=refused)
    assert error.value.field == "valid_from"
    case.refresh_from_db()
    assert (case.status, case.valid_from) == (Status.NOT_STARTED, None)


def timezone_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()
