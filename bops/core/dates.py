"""Statutory date rules for planning applications in England.

This is the one place where the system works out dates that the law cares
about: when an application counts as received, when it must be decided, when
a consultation period ends, and how many working days are left.

Every function is pure (no database, no Django settings, no clock) so that it
can be tested exhaustively and reused anywhere. Each rule cites its legal
source in its docstring.

Abbreviations used in the citations:

* **DMPO 2015** - the Town and Country Planning (Development Management
  Procedure) (England) Order 2015 (SI 2015/595), as amended.
* **SI 2018/119** - the Town and Country Planning (Local Authority
  Consultations etc.) (England) Order 2018, which amended the DMPO 2015 so
  that public holidays are disregarded when counting consultation periods.
* **BFDA 1971** - the Banking and Financial Dealings Act 1971, which (with
  royal proclamations made under it) fixes the bank holidays in England.
* **EIA Regulations 2017** - the Town and Country Planning (Environmental
  Impact Assessment) Regulations 2017 (SI 2017/571).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "EIA_CONSULTATION_DAYS",
    "EIGHT_WEEKS",
    "LONDON",
    "PRESS_NOTICE_DAYS",
    "SITE_NOTICE_DAYS",
    "SIXTEEN_WEEKS",
    "THIRTEEN_WEEKS",
    "WORKING_HOURS_END",
    "WORKING_HOURS_START",
    "WorkedDate",
    "add_working_days",
    "consultation_end_date",
    "earliest_decision_date",
    "effective_determination_date",
    "format_date",
    "is_public_holiday",
    "is_working_day",
    "key_dates",
    "next_working_day",
    "receipt_date",
    "received_moment",
    "statutory_determination_date",
    "target_date",
    "working_days_between",
]

#: Planning authorities in England work to UK civil time (GMT / BST).
LONDON = ZoneInfo("Europe/London")

#: Start of the working day (inclusive), local time.
WORKING_HOURS_START = time(9, 0)
#: End of the working day (exclusive), local time.
WORKING_HOURS_END = time(17, 0)

#: DMPO 2015 art. 34(2): the usual period for determining an application.
EIGHT_WEEKS = 8 * 7
#: DMPO 2015 art. 34(2): the period for an application for major development.
THIRTEEN_WEEKS = 13 * 7
#: DMPO 2015 art. 34(2): the period for an EIA application.
SIXTEEN_WEEKS = 16 * 7

#: DMPO 2015 art. 33: site notice displayed or neighbour notice served.
SITE_NOTICE_DAYS = 21
#: DMPO 2015 art. 33: notice published in a newspaper.
PRESS_NOTICE_DAYS = 14
#: EIA Regulations 2017: minimum period for comments on environmental information.
EIA_CONSULTATION_DAYS = 30

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

_DMPO = "DMPO 2015 (SI 2015/595)"


# --------------------------------------------------------------------------
# Holidays
# --------------------------------------------------------------------------


def _easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_remainder = divmod(century, 4)
    correction = (century + 8) // 25
    moon_correction = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_remainder = divmod(year_of_century, 4)
    weekday_offset = (32 + 2 * century_remainder + 2 * leap_years - epact - year_remainder) % 7
    shift = (golden + 11 * epact + 22 * weekday_offset) // 451
    month, day = divmod(epact + weekday_offset - 7 * shift + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> frozenset[date]:
    """Every public holiday in England in ``year``.

    Christmas Day and Good Friday are added explicitly (they are common-law
    holidays, not bank holidays under the BFDA 1971), and the rest come from
    the ``holidays`` package's list for England, which includes the
    proclaimed substitute days and one-off days such as the State Funeral of
    Queen Elizabeth II (19 September 2022) and the Coronation (8 May 2023).

    The package also lists New Year's Day on a Saturday or Sunday and
    Boxing Day on a Sunday, as well as the weekday substitutes, although
    only the substitutes are bank holidays in England (a Saturday 26
    December is one under BFDA 1971 Sch. 1). Keeping those weekend days can
    only lengthen a consultation period, never shorten it, so we keep them:
    a decision issued later than strictly necessary is lawful, but one
    issued before the consultation period has ended is not.
    """
    days = set(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())
    days.add(date(year, 12, 25))
    days.add(_easter_sunday(year) - timedelta(days=2))
    return frozenset(days)


def is_public_holiday(day: date) -> bool:
    """Whether ``day`` is a public holiday in England.

    DMPO 2015 art. 2(1), as amended by SI 2018/119: "public holiday" means
    Christmas Day, Good Friday or a day which is a bank holiday in England
    under the Banking and Financial Dealings Act 1971.
    """
    return day in _public_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day.

    DMPO 2015 art. 2(1) "working day": a day which is not a Saturday or
    Sunday, a bank holiday in England under the Banking and Financial
    Dealings Act 1971, Christmas Day or Good Friday.
    """
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day`` (DMPO 2015 art. 2(1))."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (DMPO 2015 art. 2(1)).

    With ``count == 0`` the result is ``day`` itself if it is a working day,
    otherwise the next working day. Negative counts are refused.
    """
    if count < 0:
        raise ValueError(f"count must not be negative (got {count})")
    if count == 0:
        return day if is_working_day(day) else next_working_day(day)
    result = day
    for _ in range(count):
        result = next_working_day(result)
    return result


def working_days_between(start: date, end: date) -> int:
    """Signed number of working days from ``start`` (exclusive) to ``end`` (inclusive).

    Used for "working days left until the statutory date". Negative when
    ``end`` is before ``start`` (the days are then counted from ``end``
    exclusive to ``start`` inclusive), zero on the same day. Working days as
    defined by DMPO 2015 art. 2(1).
    """
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end = end, start
        sign = -1
    weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
    holidays_on_weekdays = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in _public_holidays(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return sign * (weekdays - holidays_on_weekdays)


def _weekdays_up_to(day: date) -> int:
    """Number of Mondays to Fridays from 1 January 1 (a Monday) to ``day`` inclusive."""
    full_weeks, remainder = divmod(day.toordinal() - 1, 7)
    return 5 * full_weeks + min(remainder + 1, 5)


# --------------------------------------------------------------------------
# Receipt
# --------------------------------------------------------------------------


def _is_within_working_hours(local: datetime) -> bool:
    return is_working_day(local.date()) and WORKING_HOURS_START <= local.time() < WORKING_HOURS_END


def received_moment(submitted_at: datetime) -> datetime:
    """When an application submitted at ``submitted_at`` counts as received.

    "Working day" is as defined in DMPO 2015 art. 2(1). Working hours,
    09:00 to 17:00 Europe/London, are the authority's office hours: the
    DMPO does not fix them, so this is the system's rule for when an
    electronic submission counts as received. A submission before 09:00 on
    a working day is received at 09:00 that day; one at or after 17:00, or
    on a day that is not a working day, is received at 09:00 on the next
    working day.

    ``submitted_at`` must be timezone-aware; the result is in Europe/London.
    """
    if submitted_at.tzinfo is None or submitted_at.utcoffset() is None:
        raise ValueError("submitted_at must be a timezone-aware datetime")
    local = submitted_at.astimezone(LONDON)
    if _is_within_working_hours(local):
        return local
    day = local.date()
    if not (is_working_day(day) and local.time() < WORKING_HOURS_START):
        day = next_working_day(day)
    return datetime.combine(day, WORKING_HOURS_START, tzinfo=LONDON)


def receipt_date(arrived_at: datetime) -> date:
    """The day on which something arriving at ``arrived_at`` counts as received.

    The date of :func:`received_moment`: an application, or a required item
    sent in answer to a request, that arrives outside working hours, at a
    weekend or on a public holiday counts as received on the next working day
    (DMPO 2015 art. 2(1) "working day"). The valid-from date is the day the
    last required item was received (DMPO 2015 art. 34(6)(c) with art. 12),
    so it can be no later than ``receipt_date(now)``: something arriving now
    could not count as received any later. That day may be after today's
    date (in the evening, at a weekend, on a bank holiday), and is then still
    a lawful valid-from date.

    ``arrived_at`` must be timezone-aware.
    """
    return received_moment(arrived_at).date()


# --------------------------------------------------------------------------
# Determination
# --------------------------------------------------------------------------


def statutory_determination_date(*, valid_from: date, period_days: int) -> date:
    """The last day of the statutory period for determining an application.

    DMPO 2015 art. 34(2): the period (8 weeks; 13 weeks for major
    development; 16 weeks for an EIA application) runs "beginning with the
    day immediately following that on which" a valid application is
    received. Day 1 is therefore the day after ``valid_from`` and the last
    day is ``valid_from + period_days``. The date is not moved off weekends
    or holidays.
    """
    if period_days < 1:
        raise ValueError(f"period_days must be at least 1 (got {period_days})")
    return valid_from + timedelta(days=period_days)


def effective_determination_date(*, statutory: date, extended_to: date | None) -> date:
    """The date by which the application must now be decided.

    DMPO 2015 art. 34(2): the statutory period may be replaced by "such
    extended period as may be agreed in writing between the applicant and
    the local planning authority". An agreed extension replaces the
    statutory date; an "extension" that ends before the statutory date is
    not an extension and is refused.
    """
    if extended_to is None:
        return statutory
    if extended_to < statutory:
        raise ValueError(
            f"An extension of time must not end before the statutory date "
            f"({format_date(extended_to)} is before {format_date(statutory)})"
        )
    return extended_to


def target_date(*, determination_date: date, days_before: int) -> date:
    """The council's internal target date (a local performance measure, not statute).

    Simply ``determination_date`` minus ``days_before`` calendar days.
    """
    if days_before < 0:
        raise ValueError(f"days_before must not be negative (got {days_before})")
    return determination_date - timedelta(days=days_before)


# --------------------------------------------------------------------------
# Consultation
# --------------------------------------------------------------------------


def consultation_end_date(*, start: date, period_days: int = SITE_NOTICE_DAYS) -> date:
    """The last day of a publicity or consultation period.

    DMPO 2015 art. 33: the authority must not determine the application
    before the end of the period of 21 days beginning with the date on which
    the site notice was first displayed or the neighbour notice served
    (14 days beginning with the date a newspaper notice was published;
    30 days for EIA development under the EIA Regulations 2017).

    "Beginning with" makes ``start`` day 1. Since SI 2018/119, any public
    holiday is disregarded in calculating the period, so the period is the
    first ``period_days`` days, counting from ``start``, that are not public
    holidays. A holiday in the days added on also adds a day. Weekends still
    count, and the end date is not moved off a weekend.
    """
    if period_days < 1:
        raise ValueError(f"period_days must be at least 1 (got {period_days})")
    counted = 0
    current = start
    while True:
        if not is_public_holiday(current):
            counted += 1
            if counted == period_days:
                return current
        current += timedelta(days=1)


def earliest_decision_date(*, consultation_end: date) -> date:
    """The first day on which the application may be determined.

    DMPO 2015 art. 33: not "before the end of" the consultation period, so
    the earliest date is the day after its last day.
    """
    return consultation_end + timedelta(days=1)


# --------------------------------------------------------------------------
# Explanation
# --------------------------------------------------------------------------


def format_date(d: date) -> str:
    """A date in plain British English, e.g. ``8 January 2024``."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _format_day(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {format_date(d)}"


def _describe_period(days: int) -> str:
    weeks, remainder = divmod(days, 7)
    unit = "day" if days == 1 else "days"
    if remainder == 0:
        week_unit = "week" if weeks == 1 else "weeks"
        return f"{days} {unit} ({weeks} {week_unit})"
    return f"{days} {unit}"


@dataclass(frozen=True)
class WorkedDate:
    """One key date, with how it was worked out and the rule behind it."""

    label: str
    value: date | datetime | None
    how: str
    source: str


def key_dates(
    *,
    received_at: datetime,
    valid_from: date | None,
    period_days: int,
    extended_to: date | None,
    target_days_before: int,
) -> list[WorkedDate]:
    """The key dates of an application, each explained in plain English.

    Returns, in order: "Received", "Valid from", "Statutory determination
    date", "Extended to" (only when an extension was agreed) and "Target
    date". Until the application is validated, the statutory date is
    provisional and counted from the received date. The target date is
    counted back from the extended date when there is one.
    """
    received = received_moment(received_at)
    submitted_local = received_at.astimezone(LONDON)
    submitted_text = f"Submitted {_format_day(submitted_local.date())} at {submitted_local:%H:%M}"
    if received == received_at:
        received_how = f"{submitted_text}, within working hours"
    else:
        received_how = (
            f"{submitted_text}; outside working hours, so received at "
            f"{WORKING_HOURS_START:%H:%M} on {_format_day(received.date())}"
        )
    worked = [
        WorkedDate(
            label="Received",
            value=received,
            how=received_how,
            source=(
                f"Working day: {_DMPO} art. 2(1); working hours "
                f"({WORKING_HOURS_START:%H:%M} to {WORKING_HOURS_END:%H:%M}) "
                "are the council's office hours"
            ),
        )
    ]

    if valid_from is None:
        worked.append(
            WorkedDate(
                label="Valid from",
                value=None,
                how="Not yet validated",
                source=f"{_DMPO} art. 34(2)",
            )
        )
        counted_from = received.date()
        provisional = "; provisional until the application is validated"
    else:
        worked.append(
            WorkedDate(
                label="Valid from",
                value=valid_from,
                how=f"Valid application received on {format_date(valid_from)}",
                source=f"{_DMPO} art. 34(2)",
            )
        )
        counted_from = valid_from
        provisional = ""

    statutory = statutory_determination_date(valid_from=counted_from, period_days=period_days)
    worked.append(
        WorkedDate(
            label="Statutory determination date",
            value=statutory,
            how=(
                f"{_describe_period(period_days)} counted from the day after {format_date(counted_from)}{provisional}"
            ),
            source=f"{_DMPO} art. 34(2)",
        )
    )

    effective = effective_determination_date(statutory=statutory, extended_to=extended_to)
    if extended_to is not None:
        worked.append(
            WorkedDate(
                label="Extended to",
                value=extended_to,
                how=(f"Extension of time agreed in writing; replaces the statutory date of {format_date(statutory)}"),
                source=f"{_DMPO} art. 34(2)",
            )
        )
        basis = "extended date"
    else:
        basis = "statutory determination date"

    target = target_date(determination_date=effective, days_before=target_days_before)
    unit = "day" if target_days_before == 1 else "days"
    worked.append(
        WorkedDate(
            label="Target date",
            value=target,
            how=f"{target_days_before} {unit} before the {basis} of {format_date(effective)}",
            source="Council's internal target; not a statutory date",
        )
    )
    return worked
