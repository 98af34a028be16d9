"""Which cases are consulted on, and how long each kind of publicity keeps the consultation open.

DMPO 2015 art. 15 and art. 33 (landscape.md §3.3): 21 days from the day a site notice is first displayed or a
neighbour notice served; 14 days from the day a newspaper notice is published; 30 days for EIA development
(EIA Regulations 2017). Since SI 2018/119, public holidays are disregarded when these periods are counted
(bops.core.dates.consultation_end_date); the provisions seen except EIA applications, whose 30 days are counted
straight through. Consultees have 21 days to respond (DMPO 2015 art. 22).
"""

from datetime import date, timedelta

from bops.applications.catalogue import Family, TypeSpec
from bops.consultation.models import PublicityEvent
from bops.core import dates

NEIGHBOUR_DAYS = dates.SITE_NOTICE_DAYS  # 21
SITE_NOTICE_DAYS = dates.SITE_NOTICE_DAYS  # 21
PRESS_NOTICE_DAYS = dates.PRESS_NOTICE_DAYS  # 14
EIA_DAYS = dates.EIA_CONSULTATION_DAYS  # 30
CONSULTEE_DAYS = 21
MAX_EXTENSION_DAYS = 99


def needs_consultation(spec: TypeSpec) -> bool:
    """Lawful development certificates are matters of fact and law: no publicity. Everything else is consulted on
    (prior approvals notify adjoining owners; planning permission, listed building consent and the rest publicise)."""
    return spec.family not in (Family.LAWFUL_DEVELOPMENT_CERTIFICATE, Family.PRE_APPLICATION)


def period_for(kind: str, *, eia: bool) -> int:
    if eia and kind in (
        PublicityEvent.Kind.SITE_NOTICE,
        PublicityEvent.Kind.PRESS_NOTICE,
        PublicityEvent.Kind.NEIGHBOUR_LETTERS,
    ):
        return EIA_DAYS
    return {
        PublicityEvent.Kind.NEIGHBOUR_LETTERS: NEIGHBOUR_DAYS,
        PublicityEvent.Kind.SITE_NOTICE: SITE_NOTICE_DAYS,
        PublicityEvent.Kind.PRESS_NOTICE: PRESS_NOTICE_DAYS,
        PublicityEvent.Kind.CONSULTEES: CONSULTEE_DAYS,
        PublicityEvent.Kind.RECONSULTATION: NEIGHBOUR_DAYS,
    }[PublicityEvent.Kind(kind)]


def holidays_disregarded(kind: str, *, eia: bool) -> bool:
    """Public holidays do not count in the statutory periods (SI 2018/119), except EIA's; an officer's extension
    is plain days."""
    return not eia and kind != PublicityEvent.Kind.EXTENSION


def period_end(*, start: date, period_days: int, skip_holidays: bool) -> date:
    """The last day of a period beginning with `start` (day 1)."""
    if skip_holidays:
        return dates.consultation_end_date(start=start, period_days=period_days)
    return start + timedelta(days=period_days - 1)
