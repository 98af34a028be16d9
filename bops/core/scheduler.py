"""The one scheduler for daily jobs: which jobs run each day, from what London time, and the claim that makes
each job run once a day however many schedulers are running.

`manage.py run_scheduler` calls `run_due` every minute (or once, from cron, with `--once`). A job is due once
its London time has passed today and nobody has claimed today's run of it. Claiming is inserting the day's
ScheduledRun row: the unique (job, day) pair lets exactly one process have it, and a second one gets an
IntegrityError and moves on. A job that was not run on a day (every scheduler stopped) is not run for that day
later: each job looks at everything due by its `today`, so the next day's run catches up.

The jobs are enqueued, not run in the scheduler, through the django-tasks API like all other background work:
the scheduler stays a small loop that is never busy (so it stops at once on SIGTERM, and a slow job delays
no other), the work runs on the workers that operators already run and watch, and `daily_job_run`, which
the worker runs, records the outcome on the ScheduledRun row, so the row says what happened whichever worker
ran it. Claiming and enqueuing are one transaction: when the enqueue fails the claim goes too and the next
pass tries again, and a worker never sees a run whose claim is not committed. With the ImmediateBackend (the
tests) the job runs inside that transaction, at once.
"""

import logging
import traceback
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from bops.core.dates import LONDON
from bops.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    name: str  # the key of its runs in ScheduledRun: renaming a job makes it due again the same day
    target: str  # dotted path of a function called as target(today=<London date>), returning a short summary
    at: time  # the London time from which it is due each day


#: Every daily job, in the order a pass claims them.
DAILY_JOBS: tuple[DailyJob, ...] = (
    # BOPS runs both at 09:00: changes nobody answered in time are accepted, and reminders go out.
    DailyJob(name="validation-requests", target="bops.validation.tasks.validation_requests_daily", at=time(9, 0)),
    # Notify prints letters at 17:30 and posts them the next working day: by the morning it knows where they are.
    DailyJob(
        name="neighbour-letter-status", target="bops.consultation.neighbours.neighbour_letters_refresh", at=time(8, 0)
    ),
    # Consultees whose advice is overdue are reminded once, with a fresh link.
    DailyJob(name="consultee-reminders", target="bops.consultation.consultees.consultee_reminders_send", at=time(9, 0)),
)


def run_due(now: datetime) -> list[ScheduledRun]:
    """Claim and enqueue each job due at `now` (an aware time) that nobody has claimed for today (London).

    Returns the runs this call claimed. A job that cannot be claimed or enqueued (the database is away) is
    logged and left for the next pass; the other jobs still go."""
    local = timezone.localtime(now, LONDON)
    today = local.date()
    # Read first, so that a pass after the job's time costs one query and no failed insert.
    claimed = set(ScheduledRun.objects.filter(day=today).values_list("job", flat=True))
    runs = []
    for job in DAILY_JOBS:
        if local.time() < job.at or job.name in claimed:
            continue
        try:
            run = run_claim(job=job, day=today, now=now)
        except Exception:
            logger.exception("Could not claim or enqueue %s for %s; the next pass tries again", job.name, today)
            continue
        if run is not None:
            runs.append(run)
    return runs


def run_claim(*, job: DailyJob, day: date, now: datetime) -> ScheduledRun | None:
    """Claim `day`'s run of `job` and enqueue it, in one transaction; None when another process has the day."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, day=day, claimed_at=now)
        except IntegrityError:
            logger.info("%s for %s is already claimed by another scheduler", job.name, day)
            return None
        daily_job_run.enqueue(run.pk)
    logger.info("Enqueued %s for %s", job.name, day)
    return run


def _finish(run_id: int, outcome: ScheduledRun.Outcome, detail: str) -> None:
    ScheduledRun.objects.filter(pk=run_id).update(finished_at=timezone.now(), outcome=outcome, detail=detail)


@task()
def daily_job_run(run_id: int) -> str:
    """Run a claimed day of a daily job with its London `today`, and record the outcome on its row.

    A run already started (the task enqueued twice, or run again by hand) is left alone, so a job runs at most
    once for a day. A job that raises is recorded with its traceback, logged, and raised again so that the
    task's own result says it failed too."""
    started = ScheduledRun.objects.filter(pk=run_id, started_at__isnull=True).update(
        started_at=timezone.now(), outcome=ScheduledRun.Outcome.RUNNING
    )
    if not started:
        logger.warning("Scheduled run %s has already started; not running it again", run_id)
        return "already started"
    run = ScheduledRun.objects.get(pk=run_id)
    jobs = {job.name: job for job in DAILY_JOBS}
    try:
        if run.job not in jobs:
            raise LookupError(f"There is no daily job called {run.job!r} in bops.core.scheduler.DAILY_JOBS.")
        summary = import_string(jobs[run.job].target)(today=run.day)
    except Exception:
        logger.exception("The daily job %s for %s failed", run.job, run.day)
        _finish(run_id, ScheduledRun.Outcome.FAILED, traceback.format_exc())
        raise
    detail = "" if summary is None else str(summary)
    _finish(run_id, ScheduledRun.Outcome.SUCCEEDED, detail)
    logger.info("The daily job %s for %s finished: %s", run.job, run.day, detail or "done")
    return detail
