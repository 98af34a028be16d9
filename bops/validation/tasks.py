"""Background work of the validation stage: the daily job.

The scheduler (bops.core.scheduler.DAILY_JOBS) claims each day's run and enqueues it; a worker then calls the
job with the London date. Both services are safe to run again on the same day: an accepted request is no
longer open, and a reminded one has its `reminded_at`.
"""

import logging
from datetime import date

from bops.validation.services import validation_reminders_send, validation_requests_auto_accept

logger = logging.getLogger(__name__)


def validation_requests_daily(*, today: date) -> str:
    """Accept the changes nobody answered by their response date, then remind applicants whose answers are due
    within two working days (BOPS runs both at 09:00)."""
    try:
        accepted = validation_requests_auto_accept(today=today)
    except Exception:
        # An applicant must not miss a reminder because a change on another case could not be made.
        logger.exception("Automatic acceptance failed on %s; sending the reminders all the same", today)
        validation_reminders_send(today=today)
        raise
    reminded = validation_reminders_send(today=today)
    summary = f"{accepted} accepted automatically, {reminded} reminded"
    logger.info("Validation requests on %s: %s", today.isoformat(), summary)
    return summary
