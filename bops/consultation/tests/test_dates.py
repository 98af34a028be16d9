"""The consultation's end date: each kind of publicity, public holidays, EIA, the officer's extension, and why."""

from datetime import date

import pytest
import time_machine

from bops.applications.lifecycle import Event
from bops.applications.models import Status
from bops.applications.services import planning_application_transition
from bops.applications.tests.builders import make_application_in
from bops.consultation import services
from bops.consultation.models import PublicityEvent
from bops.core.dates import consultation_end_date
from bops.core.errors import DomainError
from bops.core.models import AuditEntry

pytestmark = pytest.mark.django_db
Kind = PublicityEvent.Kind


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)


def add(case, kind, on, **kwargs):
    return services.publicity_event_add(case, kind=kind, on=on, user=None, **kwargs)


@pytest.mark.parametrize(
    ("kind", "on", "ends"),
    [
        # 21 days beginning with the day letters are sent (day 1), no holiday inside.
        (Kind.NEIGHBOUR_LETTERS, date(2026, 6, 1), date(2026, 6, 21)),
        (Kind.SITE_NOTICE, date(2026, 6, 1), date(2026, 6, 21)),
        # 14 days for a newspaper notice.
        (Kind.PRESS_NOTICE, date(2026, 6, 1), date(2026, 6, 14)),
        # The late May bank holiday (25 May 2026) is not counted: one day more.
        (Kind.SITE_NOTICE, date(2026, 5, 11), date(2026, 6, 1)),
        # Christmas Day, 26 December (a bank holiday when not a Sunday: BFDA 1971 sch. 1), the substitute day
        # (28 December 2026) and New Year's Day are not counted: four days more.
        (Kind.NEIGHBOUR_LETTERS, date(2026, 12, 14), date(2027, 1, 7)),
        # Consultees: 21 days.
        (Kind.CONSULTEES, date(2026, 6, 1), date(2026, 6, 21)),
    ],
)
def test_each_kind_of_publicity_has_its_statutory_period(case, kind, on, ends):
    event = add(case, kind, on)
    assert event.ends_on == ends
    if kind != Kind.CONSULTEES:
        days = 14 if kind == Kind.PRESS_NOTICE else 21
        assert ends == consultation_end_date(start=on, period_days=days)
    case.consultation.refresh_from_db()
    assert case.consultation.end_date == ends


def test_eia_development_gets_thirty_days_counted_straight_through(case):
    case.eia_required = True
    case.save()
    event = add(case, Kind.SITE_NOTICE, date(2026, 12, 14))
    assert (event.period_days, event.ends_on) == (30, date(2027, 1, 12))
    assert "EIA Regulations 2017" in case.consultation.end_date_reason


def test_the_end_date_is_the_latest_end_and_says_why(case):
    add(case, Kind.NEIGHBOUR_LETTERS, date(2026, 6, 1))
    add(case, Kind.PRESS_NOTICE, date(2026, 6, 3))  # ends 16 June: earlier, so it does not move the end
    consultation = case.consultation
    consultation.refresh_from_db()
    assert consultation.end_date == date(2026, 6, 21)
    assert consultation.start_date == date(2026, 6, 1)
    assert "neighbour letters sent" in consultation.end_date_reason
    add(case, Kind.SITE_NOTICE, date(2026, 6, 10))  # ends 30 June: later
    consultation.refresh_from_db()
    assert consultation.end_date == date(2026, 6, 30)
    assert "site notice displayed" in consultation.end_date_reason
    assert "public holidays not counted" in consultation.end_date_reason
    entry = AuditEntry.objects.filter(application=case, event="consultation_event").latest("id")
    assert entry.data["end_date_before"] == "2026-06-21" and entry.data["end_date"] == "2026-06-30"


def test_the_officer_extends_from_today_with_a_reason(case, swk_users):
    add(case, Kind.NEIGHBOUR_LETTERS, date(2026, 6, 1))
    with time_machine.travel(date(2026, 6, 15), tick=False):
        with pytest.raises(DomainError, match="Say why"):
            services.consultation_extend(
                council=case.council, application_id=case.pk, user=swk_users["assessor"], days=14, reason=" "
            )
        with pytest.raises(DomainError, match="1 to 99"):
            services.consultation_extend(
                council=case.council, application_id=case.pk, user=swk_users["assessor"], days=100, reason="x"
            )
        consultation = services.consultation_extend(
            council=case.council, application_id=case.pk, user=swk_users["assessor"], days=14, reason="Amended plans"
        )
    assert consultation.end_date == date(2026, 6, 28)
    assert "Amended plans" in consultation.end_date_reason


def test_an_administrator_cannot_extend(case, swk_users):
    add(case, Kind.NEIGHBOUR_LETTERS, date(2026, 6, 1))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.consultation_extend(
            council=case.council, application_id=case.pk, user=swk_users["administrator"], days=7, reason="x"
        )


def test_an_ldc_is_not_consulted_on(southwark, swk_users):
    ldc = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    with pytest.raises(DomainError, match="not consulted on"):
        services.consultation_open_for_work(ldc)


def test_no_recommendation_while_the_consultation_is_open(southwark, swk_users):
    from bops.applications.tests.builders import add_recommendation
    from bops.assessment.tests.builders import complete_assessment

    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    complete_assessment(case, swk_users["assessor"])
    add_recommendation(case, swk_users["assessor"])
    with time_machine.travel(date(2026, 6, 1), tick=False):
        add(case, Kind.NEIGHBOUR_LETTERS, date(2026, 6, 1))
        with pytest.raises(DomainError, match="open until 21 June 2026"):
            planning_application_transition(
                council=southwark, application_id=case.pk, user=swk_users["assessor"], event=Event.SUBMIT_RECOMMENDATION
            )
    with time_machine.travel(date(2026, 6, 22), tick=False):
        moved = planning_application_transition(
            council=southwark, application_id=case.pk, user=swk_users["assessor"], event=Event.SUBMIT_RECOMMENDATION
        )
    assert moved.status == Status.AWAITING_DETERMINATION


def test_the_overview_shows_the_end_date_and_why(client_for, southwark, swk_users, case):
    add(case, Kind.SITE_NOTICE, date(2026, 5, 11))
    page = client_for(southwark, swk_users["reviewer"]).get(f"/applications/{case.reference}/consultation")
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 June 2026" in html and "public holidays not counted" in html


def test_the_reason_is_shown_as_text_not_markup(client_for, southwark, swk_users, case):
    add(case, Kind.SITE_NOTICE, date(2026, 5, 11))
    html = client_for(southwark, swk_users["assessor"]).get(f"/applications/{case.reference}/consultation").content
    assert b'<p class="govuk-body-s app-how">21 days beginning with' in html
    assert b"&lt;p class" not in html
