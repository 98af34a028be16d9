"""Tests for the statutory date rules in bops.core.dates.

Expected values are worked out by hand from the published England and Wales
bank holiday lists, not from the code under test.
"""

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bops.core import dates
from bops.core.dates import (
    LONDON,
    WorkedDate,
    add_working_days,
    consultation_end_date,
    earliest_decision_date,
    effective_determination_date,
    format_date,
    is_public_holiday,
    is_working_day,
    key_dates,
    next_working_day,
    receipt_date,
    received_moment,
    statutory_determination_date,
    target_date,
    working_days_between,
)


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# ---------------------------------------------------------------------------
# Working days and public holidays
# ---------------------------------------------------------------------------

CALENDAR = [
    # (day, is_public_holiday, is_working_day)
    pytest.param(date(2024, 12, 24), False, True, id="christmas-eve-2024-tuesday"),
    pytest.param(date(2024, 12, 25), True, False, id="christmas-day-2024-wednesday"),
    pytest.param(date(2024, 12, 26), True, False, id="boxing-day-2024-thursday"),
    pytest.param(date(2024, 12, 27), False, True, id="friday-after-boxing-day-2024"),
    pytest.param(date(2020, 12, 25), True, False, id="christmas-day-2020-friday"),
    pytest.param(date(2020, 12, 26), True, False, id="boxing-day-2020-saturday"),
    pytest.param(date(2020, 12, 28), True, False, id="boxing-day-substitute-2020-monday"),
    pytest.param(date(2020, 12, 29), False, True, id="tuesday-after-substitute-2020"),
    pytest.param(date(2022, 12, 25), True, False, id="christmas-day-2022-sunday"),
    pytest.param(date(2022, 12, 27), True, False, id="christmas-substitute-2022-tuesday"),
    pytest.param(date(2022, 1, 3), True, False, id="new-year-substitute-2022-monday"),
    pytest.param(date(2022, 1, 4), False, True, id="tuesday-after-new-year-2022"),
    pytest.param(date(2025, 1, 1), True, False, id="new-year-2025-wednesday"),
    pytest.param(date(2024, 3, 28), False, True, id="maundy-thursday-2024"),
    pytest.param(date(2024, 3, 29), True, False, id="good-friday-2024"),
    pytest.param(date(2024, 3, 31), False, False, id="easter-sunday-2024"),
    pytest.param(date(2024, 4, 1), True, False, id="easter-monday-2024"),
    pytest.param(date(2024, 4, 2), False, True, id="tuesday-after-easter-2024"),
    pytest.param(date(2024, 5, 6), True, False, id="early-may-2024"),
    pytest.param(date(2024, 5, 27), True, False, id="late-may-2024"),
    pytest.param(date(2024, 8, 26), True, False, id="august-2024"),
    pytest.param(date(2022, 6, 3), True, False, id="platinum-jubilee-2022"),
    pytest.param(date(2022, 9, 19), True, False, id="queens-funeral-2022"),
    pytest.param(date(2023, 5, 8), True, False, id="coronation-2023"),
    pytest.param(date(2024, 6, 3), False, True, id="ordinary-monday"),
    pytest.param(date(2024, 6, 7), False, True, id="ordinary-friday"),
    pytest.param(date(2024, 6, 8), False, False, id="ordinary-saturday"),
    pytest.param(date(2024, 6, 9), False, False, id="ordinary-sunday"),
]


@pytest.mark.parametrize(("day", "public_holiday", "working_day"), CALENDAR)
def test_calendar(day: date, public_holiday: bool, working_day: bool) -> None:
    assert is_public_holiday(day) is public_holiday
    assert is_working_day(day) is working_day


def test_weekend_new_years_day_is_treated_as_a_public_holiday() -> None:
    # Saturday 1 January 2022 was not itself a bank holiday (Monday 3 January
    # was), but treating it as one can only lengthen a consultation period.
    assert is_public_holiday(date(2022, 1, 1))
    assert not is_working_day(date(2022, 1, 1))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2024, 6, 3), date(2024, 6, 4), id="monday-to-tuesday"),
        pytest.param(date(2024, 6, 7), date(2024, 6, 10), id="friday-to-monday"),
        pytest.param(date(2024, 6, 8), date(2024, 6, 10), id="saturday-to-monday"),
        pytest.param(date(2024, 12, 20), date(2024, 12, 23), id="friday-before-christmas-2024"),
        pytest.param(date(2024, 12, 24), date(2024, 12, 27), id="christmas-eve-2024"),
        pytest.param(date(2024, 12, 25), date(2024, 12, 27), id="christmas-day-2024"),
        pytest.param(date(2020, 12, 24), date(2020, 12, 29), id="christmas-eve-2020"),
        pytest.param(date(2021, 12, 31), date(2022, 1, 4), id="new-years-eve-2021"),
        pytest.param(date(2024, 3, 28), date(2024, 4, 2), id="maundy-thursday-2024"),
        pytest.param(date(2024, 5, 24), date(2024, 5, 28), id="late-may-2024"),
        pytest.param(date(2024, 8, 23), date(2024, 8, 27), id="august-2024"),
        pytest.param(date(2022, 9, 16), date(2022, 9, 20), id="queens-funeral-2022"),
        pytest.param(date(2023, 5, 5), date(2023, 5, 9), id="coronation-2023"),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        pytest.param(date(2024, 6, 3), 0, date(2024, 6, 3), id="zero-on-working-day"),
        pytest.param(date(2024, 6, 8), 0, date(2024, 6, 10), id="zero-on-saturday"),
        pytest.param(date(2024, 12, 25), 0, date(2024, 12, 27), id="zero-on-christmas-2024"),
        pytest.param(date(2024, 6, 3), 1, date(2024, 6, 4), id="one"),
        pytest.param(date(2024, 6, 3), 5, date(2024, 6, 10), id="one-week"),
        pytest.param(date(2024, 12, 23), 3, date(2024, 12, 30), id="over-christmas-2024"),
        pytest.param(date(2024, 3, 28), 1, date(2024, 4, 2), id="over-easter-2024"),
        pytest.param(date(2024, 5, 20), 10, date(2024, 6, 4), id="over-late-may-2024"),
        pytest.param(date(2020, 12, 24), 2, date(2020, 12, 30), id="over-christmas-2020"),
    ],
)
def test_add_working_days(day: date, count: int, expected: date) -> None:
    assert add_working_days(day, count) == expected


def test_add_working_days_refuses_negative_count() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2024, 6, 3), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2024, 6, 3), date(2024, 6, 3), 0, id="same-day"),
        pytest.param(date(2024, 6, 8), date(2024, 6, 8), 0, id="same-day-weekend"),
        pytest.param(date(2024, 6, 3), date(2024, 6, 7), 4, id="monday-to-friday"),
        pytest.param(date(2024, 6, 7), date(2024, 6, 3), -4, id="friday-back-to-monday"),
        pytest.param(date(2024, 6, 7), date(2024, 6, 10), 1, id="over-weekend"),
        pytest.param(date(2024, 6, 8), date(2024, 6, 9), 0, id="saturday-to-sunday"),
        pytest.param(date(2024, 12, 23), date(2025, 1, 3), 6, id="over-christmas-2024"),
        pytest.param(date(2025, 1, 3), date(2024, 12, 23), -6, id="back-over-christmas-2024"),
        pytest.param(date(2024, 3, 28), date(2024, 4, 2), 1, id="over-easter-2024"),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


# ---------------------------------------------------------------------------
# Received moment
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted_at", "expected"),
    [
        pytest.param(london(2024, 1, 8, 8, 59), london(2024, 1, 8, 9, 0), id="weekday-0859"),
        pytest.param(london(2024, 1, 8, 9, 0), london(2024, 1, 8, 9, 0), id="weekday-0900"),
        pytest.param(london(2024, 1, 8, 16, 59), london(2024, 1, 8, 16, 59), id="weekday-1659"),
        pytest.param(london(2024, 1, 8, 17, 0), london(2024, 1, 9, 9, 0), id="weekday-1700"),
        pytest.param(london(2024, 1, 8, 0, 0), london(2024, 1, 8, 9, 0), id="weekday-midnight"),
        pytest.param(london(2024, 1, 12, 18, 0), london(2024, 1, 15, 9, 0), id="friday-evening"),
        pytest.param(london(2024, 1, 6, 10, 15), london(2024, 1, 8, 9, 0), id="saturday"),
        pytest.param(london(2024, 1, 7, 23, 59), london(2024, 1, 8, 9, 0), id="sunday-late"),
        pytest.param(
            london(2024, 12, 24, 18, 30),
            london(2024, 12, 27, 9, 0),
            id="christmas-eve-evening-2024",
        ),
        pytest.param(
            london(2024, 12, 25, 11, 0),
            london(2024, 12, 27, 9, 0),
            id="christmas-day-2024",
        ),
        pytest.param(
            london(2020, 12, 24, 17, 1),
            london(2020, 12, 29, 9, 0),
            id="christmas-eve-evening-2020",
        ),
        pytest.param(
            london(2024, 3, 28, 17, 30),
            london(2024, 4, 2, 9, 0),
            id="maundy-thursday-evening-2024",
        ),
        pytest.param(
            london(2024, 3, 28, 16, 0),
            london(2024, 3, 28, 16, 0),
            id="maundy-thursday-afternoon",
        ),
        pytest.param(
            london(2022, 9, 16, 17, 0),
            london(2022, 9, 20, 9, 0),
            id="before-queens-funeral",
        ),
        # British Summer Time: 08:30 UTC is 09:30 in London, so within hours.
        pytest.param(
            datetime(2024, 6, 3, 8, 30, tzinfo=UTC),
            london(2024, 6, 3, 9, 30),
            id="bst-utc-0830-is-0930",
        ),
        pytest.param(
            datetime(2024, 6, 3, 7, 30, tzinfo=UTC),
            london(2024, 6, 3, 9, 0),
            id="bst-utc-0730-is-0830",
        ),
        pytest.param(
            datetime(2024, 6, 3, 16, 30, tzinfo=UTC),
            london(2024, 6, 4, 9, 0),
            id="bst-utc-1630-is-1730",
        ),
        # Clocks go back on Sunday 27 October 2024: BST on Friday, GMT on Monday.
        pytest.param(
            datetime(2024, 10, 25, 16, 30, tzinfo=UTC),
            london(2024, 10, 28, 9, 0),
            id="bst-friday-to-gmt-monday",
        ),
        # Clocks go forward on Sunday 31 March 2024 (Easter Day): GMT to BST.
        pytest.param(
            datetime(2024, 3, 28, 17, 30, tzinfo=UTC),
            datetime(2024, 4, 2, 8, 0, tzinfo=UTC),
            id="gmt-thursday-to-bst-tuesday",
        ),
        pytest.param(
            datetime(2024, 1, 8, 14, 0, tzinfo=timezone(timedelta(hours=5))),
            london(2024, 1, 8, 9, 0),
            id="other-offset-converted",
        ),
    ],
)
def test_received_moment(submitted_at: datetime, expected: datetime) -> None:
    result = received_moment(submitted_at)
    assert result == expected
    assert result.tzinfo is LONDON
    assert result.replace(tzinfo=None) == expected.astimezone(LONDON).replace(tzinfo=None)


def test_received_moment_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError):
        received_moment(datetime(2024, 1, 8, 10, 0))


@pytest.mark.parametrize(
    ("arrived_at", "expected"),
    [
        pytest.param(london(2026, 3, 4, 11, 0), date(2026, 3, 4), id="weekday-in-hours-same-day"),
        pytest.param(london(2026, 3, 4, 17, 48), date(2026, 3, 5), id="weekday-evening-next-day"),
        pytest.param(london(2026, 3, 4, 23, 59), date(2026, 3, 5), id="one-minute-to-midnight-next-day"),
        pytest.param(london(2026, 3, 5, 0, 1), date(2026, 3, 5), id="just-after-midnight-that-day"),
        pytest.param(london(2026, 3, 6, 17, 0), date(2026, 3, 9), id="friday-at-five-monday"),
        pytest.param(london(2026, 3, 7, 12, 0), date(2026, 3, 9), id="saturday-monday"),
        # Christmas Day 2026 is a Friday; Boxing Day falls on the Saturday, so Monday 28 is its substitute.
        pytest.param(london(2026, 12, 25, 17, 48), date(2026, 12, 29), id="christmas-day-tuesday"),
        pytest.param(london(2026, 12, 28, 10, 0), date(2026, 12, 29), id="substitute-bank-holiday-tuesday"),
        # 23:30 UTC on a summer Thursday is already Friday in London.
        pytest.param(datetime(2024, 6, 6, 23, 30, tzinfo=UTC), date(2024, 6, 7), id="utc-evening-is-london-friday"),
    ],
)
def test_receipt_date_is_the_day_received_moment_falls_on(arrived_at: datetime, expected: date) -> None:
    assert receipt_date(arrived_at) == expected
    assert receipt_date(arrived_at) == received_moment(arrived_at).date()
    assert receipt_date(arrived_at) >= arrived_at.astimezone(LONDON).date()


def test_receipt_date_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError):
        receipt_date(datetime(2024, 1, 8, 10, 0))


# ---------------------------------------------------------------------------
# Determination dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "period_days", "expected"),
    [
        pytest.param(date(2024, 1, 8), 56, date(2024, 3, 4), id="8-weeks-over-leap-day"),
        pytest.param(date(2023, 1, 9), 56, date(2023, 3, 6), id="8-weeks-non-leap-year"),
        pytest.param(date(2024, 2, 1), 42, date(2024, 3, 14), id="42-days"),
        pytest.param(date(2024, 7, 1), 91, date(2024, 9, 30), id="13-weeks-major"),
        pytest.param(date(2023, 9, 4), 112, date(2023, 12, 25), id="16-weeks-eia-on-christmas"),
        pytest.param(date(2024, 1, 6), 56, date(2024, 3, 2), id="ends-on-saturday-not-rolled"),
    ],
)
def test_statutory_determination_date(valid_from: date, period_days: int, expected: date) -> None:
    assert statutory_determination_date(valid_from=valid_from, period_days=period_days) == expected


def test_statutory_determination_date_refuses_empty_period() -> None:
    with pytest.raises(ValueError):
        statutory_determination_date(valid_from=date(2024, 1, 8), period_days=0)


def test_period_constants() -> None:
    assert (dates.EIGHT_WEEKS, dates.THIRTEEN_WEEKS, dates.SIXTEEN_WEEKS) == (
        56,
        91,
        112,
    )
    assert (
        dates.SITE_NOTICE_DAYS,
        dates.PRESS_NOTICE_DAYS,
        dates.EIA_CONSULTATION_DAYS,
    ) == (
        21,
        14,
        30,
    )


@pytest.mark.parametrize(
    ("statutory", "extended_to", "expected"),
    [
        pytest.param(date(2024, 3, 4), None, date(2024, 3, 4), id="no-extension"),
        pytest.param(date(2024, 3, 4), date(2024, 4, 30), date(2024, 4, 30), id="extended"),
        pytest.param(date(2024, 3, 4), date(2024, 3, 4), date(2024, 3, 4), id="same-day"),
    ],
)
def test_effective_determination_date(statutory: date, extended_to: date | None, expected: date) -> None:
    assert effective_determination_date(statutory=statutory, extended_to=extended_to) == expected


def test_extension_before_statutory_date_is_refused() -> None:
    with pytest.raises(ValueError, match="4 March 2024"):
        effective_determination_date(statutory=date(2024, 3, 4), extended_to=date(2024, 3, 1))


@pytest.mark.parametrize(
    ("determination_date", "days_before", "expected"),
    [
        pytest.param(date(2024, 3, 4), 7, date(2024, 2, 26), id="one-week"),
        pytest.param(date(2024, 3, 4), 0, date(2024, 3, 4), id="zero"),
        pytest.param(date(2025, 1, 3), 10, date(2024, 12, 24), id="across-year-end"),
    ],
)
def test_target_date(determination_date: date, days_before: int, expected: date) -> None:
    assert target_date(determination_date=determination_date, days_before=days_before) == expected


def test_target_date_refuses_negative_days() -> None:
    with pytest.raises(ValueError):
        target_date(determination_date=date(2024, 3, 4), days_before=-1)


# ---------------------------------------------------------------------------
# Consultation periods
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period_days", "expected"),
    [
        pytest.param(date(2024, 6, 3), 21, date(2024, 6, 23), id="21-days-no-holidays"),
        pytest.param(
            date(2024, 12, 16),
            21,
            date(2025, 1, 8),
            id="21-days-christmas-boxing-new-year",
        ),
        pytest.param(
            date(2024, 12, 5),
            21,
            date(2024, 12, 27),
            id="added-day-lands-on-boxing-day",
        ),
        pytest.param(date(2024, 3, 18), 21, date(2024, 4, 9), id="21-days-over-easter-2024"),
        pytest.param(date(2020, 12, 14), 21, date(2021, 1, 7), id="21-days-christmas-2020"),
        pytest.param(date(2022, 9, 5), 21, date(2022, 9, 26), id="21-days-queens-funeral"),
        pytest.param(date(2023, 5, 1), 21, date(2023, 5, 23), id="starts-on-bank-holiday"),
        pytest.param(date(2024, 8, 15), 14, date(2024, 8, 29), id="14-day-press-notice"),
        pytest.param(date(2024, 7, 1), 14, date(2024, 7, 14), id="14-day-press-no-holidays"),
        pytest.param(date(2024, 5, 1), 30, date(2024, 6, 1), id="30-day-eia-two-may-holidays"),
        # Conservative: Sunday 26 December 2021 and Saturday 1 January 2022
        # are disregarded too (see _public_holidays).
        pytest.param(date(2021, 12, 13), 21, date(2022, 1, 8), id="weekend-nominal-holidays-2021"),
    ],
)
def test_consultation_end_date(start: date, period_days: int, expected: date) -> None:
    assert consultation_end_date(start=start, period_days=period_days) == expected


def test_consultation_end_date_defaults_to_21_days() -> None:
    assert consultation_end_date(start=date(2024, 6, 3)) == date(2024, 6, 23)


def test_consultation_end_date_refuses_empty_period() -> None:
    with pytest.raises(ValueError):
        consultation_end_date(start=date(2024, 6, 3), period_days=0)


@pytest.mark.parametrize(
    ("consultation_end", "expected"),
    [
        pytest.param(date(2024, 6, 23), date(2024, 6, 24), id="sunday-to-monday"),
        pytest.param(date(2024, 12, 31), date(2025, 1, 1), id="year-end"),
    ],
)
def test_earliest_decision_date(consultation_end: date, expected: date) -> None:
    assert earliest_decision_date(consultation_end=consultation_end) == expected


# ---------------------------------------------------------------------------
# Formatting and explanations
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2024, 1, 8), "8 January 2024", id="single-digit-day"),
        pytest.param(date(2024, 12, 25), "25 December 2024", id="double-digit-day"),
        pytest.param(datetime(2024, 6, 1, 12, 0, tzinfo=LONDON), "1 June 2024", id="datetime"),
    ],
)
def test_format_date(day: date, expected: str) -> None:
    assert format_date(day) == expected


def test_key_dates_outside_hours_not_validated() -> None:
    worked = key_dates(
        received_at=london(2024, 1, 6, 10, 15),
        valid_from=None,
        period_days=56,
        extended_to=None,
        target_days_before=7,
    )
    assert [w.label for w in worked] == [
        "Received",
        "Valid from",
        "Statutory determination date",
        "Target date",
    ]
    received, valid, statutory, target = worked
    assert received.value == london(2024, 1, 8, 9, 0)
    assert received.how == (
        "Submitted Saturday 6 January 2024 at 10:15; outside working hours, "
        "so received at 09:00 on Monday 8 January 2024"
    )
    assert valid.value is None
    assert valid.how == "Not yet validated"
    assert statutory.value == date(2024, 3, 4)
    assert statutory.how.startswith("56 days (8 weeks) counted from the day after 8 January 2024")
    assert "provisional" in statutory.how
    assert target.value == date(2024, 2, 26)
    assert target.how == "7 days before the statutory determination date of 4 March 2024"
    for item in worked:
        assert item.how
        assert item.source


def test_key_dates_within_hours_validated_and_extended() -> None:
    worked = key_dates(
        received_at=datetime(2024, 1, 8, 10, 15, tzinfo=UTC),
        valid_from=date(2024, 1, 10),
        period_days=91,
        extended_to=date(2024, 5, 31),
        target_days_before=1,
    )
    assert [w.label for w in worked] == [
        "Received",
        "Valid from",
        "Statutory determination date",
        "Extended to",
        "Target date",
    ]
    received, valid, statutory, extended, target = worked
    assert received.value == london(2024, 1, 8, 10, 15)
    assert received.how == "Submitted Monday 8 January 2024 at 10:15, within working hours"
    assert valid.value == date(2024, 1, 10)
    assert statutory.value == date(2024, 4, 10)
    assert statutory.how == "91 days (13 weeks) counted from the day after 10 January 2024"
    assert "34(2)" in statutory.source
    assert extended.value == date(2024, 5, 31)
    assert "10 April 2024" in extended.how
    assert target.value == date(2024, 5, 30)
    assert target.how == "1 day before the extended date of 31 May 2024"
    assert "not a statutory date" in target.source


def test_key_dates_shows_time_in_london() -> None:
    # 16:30 UTC in June is 17:30 BST, after working hours.
    worked = key_dates(
        received_at=datetime(2024, 6, 3, 16, 30, tzinfo=UTC),
        valid_from=None,
        period_days=60,
        extended_to=None,
        target_days_before=0,
    )
    assert worked[0].how == (
        "Submitted Monday 3 June 2024 at 17:30; outside working hours, so received at 09:00 on Tuesday 4 June 2024"
    )
    assert worked[2].how.startswith("60 days counted from the day after 4 June 2024")


def test_key_dates_refuses_early_extension() -> None:
    with pytest.raises(ValueError):
        key_dates(
            received_at=london(2024, 1, 8, 10, 0),
            valid_from=date(2024, 1, 8),
            period_days=56,
            extended_to=date(2024, 3, 1),
            target_days_before=7,
        )


def test_key_dates_refuses_naive_datetime() -> None:
    with pytest.raises(ValueError):
        key_dates(
            received_at=datetime(2024, 1, 8, 10, 0),
            valid_from=None,
            period_days=56,
            extended_to=None,
            target_days_before=7,
        )


def test_worked_date_is_frozen() -> None:
    item = WorkedDate(label="Received", value=None, how="x", source="y")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.label = "Changed"  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
TIMEZONES = st.sampled_from(
    [
        UTC,
        LONDON,
        ZoneInfo("America/New_York"),
        ZoneInfo("Asia/Tokyo"),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)
AWARE_DATETIMES = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=TIMEZONES,
)


@given(day=DAYS, count=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day(day: date, count: int) -> None:
    result = add_working_days(day, count)
    assert is_working_day(result)
    assert result > day


@given(day=DAYS)
def test_next_working_day_is_after_and_a_working_day(day: date) -> None:
    result = next_working_day(day)
    assert result > day
    assert result.weekday() < 5
    assert not is_public_holiday(result)
    assert working_days_between(day, result) == 1


@given(day=DAYS)
def test_working_day_is_never_a_weekend_or_public_holiday(day: date) -> None:
    if is_working_day(day):
        assert day.weekday() < 5
        assert not is_public_holiday(day)


@given(valid_from=DAYS, period_days=st.integers(min_value=1, max_value=400))
def test_statutory_date_is_never_before_valid_from(valid_from: date, period_days: int) -> None:
    result = statutory_determination_date(valid_from=valid_from, period_days=period_days)
    assert result > valid_from
    assert (result - valid_from).days == period_days


@given(start=DAYS, period_days=st.integers(min_value=1, max_value=60))
def test_consultation_end_counts_period_days_excluding_public_holidays(start: date, period_days: int) -> None:
    end = consultation_end_date(start=start, period_days=period_days)
    assert end >= start + timedelta(days=period_days - 1)
    counted = sum(
        1 for offset in range((end - start).days + 1) if not is_public_holiday(start + timedelta(days=offset))
    )
    assert counted == period_days
    assert not is_public_holiday(end)
    assert earliest_decision_date(consultation_end=end) == end + timedelta(days=1)


@given(submitted_at=AWARE_DATETIMES)
def test_received_moment_is_in_working_hours_and_never_earlier(
    submitted_at: datetime,
) -> None:
    result = received_moment(submitted_at)
    assert result >= submitted_at
    assert result.tzinfo is LONDON
    assert is_working_day(result.date())
    assert dates.WORKING_HOURS_START <= result.time() < dates.WORKING_HOURS_END
    assert received_moment(result) == result


@given(day=DAYS, count=st.integers(min_value=1, max_value=60))
def test_working_days_between_inverts_add_working_days(day: date, count: int) -> None:
    assert working_days_between(day, add_working_days(day, count)) == count


@given(day=DAYS)
def test_add_zero_working_days_is_identity_on_working_days(day: date) -> None:
    result = add_working_days(day, 0)
    assert is_working_day(result)
    if is_working_day(day):
        assert result == day
        assert working_days_between(day, result) == 0


@given(start=DAYS, end=DAYS)
def test_working_days_between_is_antisymmetric(start: date, end: date) -> None:
    assert working_days_between(start, end) == -working_days_between(end, start)


@given(start=DAYS, span=st.integers(min_value=0, max_value=800))
def test_working_days_between_matches_counting_day_by_day(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    counted = sum(1 for offset in range(1, span + 1) if is_working_day(start + timedelta(days=offset)))
    assert working_days_between(start, end) == counted
