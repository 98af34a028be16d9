import logging
import os
import signal
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django.utils.module_loading import import_string

from bops.core import scheduler
from bops.core.dates import LONDON
from bops.core.models import ScheduledRun
from bops.core.scheduler import DailyJob, daily_job_run, run_claim, run_due

ran: list[tuple[str, date]] = []


def note(*, today: date) -> str:
    ran.append(("note", today))
    return f"noted {today.isoformat()}"


def fail(*, today: date) -> str:
    ran.append(("fail", today))
    raise RuntimeError("the outbox is on fire")


NOTE = DailyJob(name="note", target="bops.core.tests.test_scheduler.note", at=time(9, 0))
FAIL = DailyJob(name="fail", target="bops.core.tests.test_scheduler.fail", at=time(9, 0))


@pytest.fixture
def jobs(monkeypatch):
    ran.clear()

    def use(*daily_jobs):
        monkeypatch.setattr(scheduler, "DAILY_JOBS", daily_jobs)

    return use


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_every_daily_job_names_a_function_once():
    names = [job.name for job in scheduler.DAILY_JOBS]
    assert len(names) == len(set(names))
    for job in scheduler.DAILY_JOBS:
        assert callable(import_string(job.target))


def test_a_job_runs_once_a_day_from_its_london_time(db, jobs):
    jobs(NOTE)
    assert run_due(london(2026, 3, 2, 8, 59)) == []
    assert ran == []

    runs = run_due(london(2026, 3, 2, 9, 1))
    assert [(run.job, run.day) for run in runs] == [("note", date(2026, 3, 2))]
    assert ran == [("note", date(2026, 3, 2))]
    run = ScheduledRun.objects.get()
    assert run.outcome == ScheduledRun.Outcome.SUCCEEDED
    assert run.detail == "noted 2026-03-02"
    assert run.started_at is not None and run.finished_at is not None

    assert run_due(london(2026, 3, 2, 9, 2)) == []
    assert run_due(london(2026, 3, 2, 23, 59)) == []
    assert len(ran) == 1

    assert run_due(london(2026, 3, 3, 8, 0)) == []
    run_due(london(2026, 3, 3, 9, 0))
    assert ran == [("note", date(2026, 3, 2)), ("note", date(2026, 3, 3))]


def test_the_time_and_the_day_are_london_ones_in_summer_time(db, jobs):
    jobs(NOTE)
    # 08:30 UTC on 1 July is 09:30 in London (BST): due.
    run_due(datetime(2026, 7, 1, 8, 30, tzinfo=UTC))
    # 23:30 UTC on 1 July is already 2 July in London, but before 09:00 there.
    run_due(datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    assert ran == [("note", date(2026, 7, 1))]
    # In winter UTC is London time: 08:30 UTC is not yet due.
    assert run_due(datetime(2026, 12, 1, 8, 30, tzinfo=UTC)) == []


def test_two_claims_of_one_day_run_the_job_once(db, jobs):
    jobs(NOTE)
    now = london(2026, 3, 2, 9, 1)
    # Two schedulers that both read before either claimed: the second insert loses.
    first = run_claim(job=NOTE, day=date(2026, 3, 2), now=now)
    second = run_claim(job=NOTE, day=date(2026, 3, 2), now=now)
    assert first is not None
    assert second is None
    assert ran == [("note", date(2026, 3, 2))]
    assert ScheduledRun.objects.count() == 1


def test_a_run_enqueued_twice_runs_once(db, jobs):
    jobs(NOTE)
    (run,) = run_due(london(2026, 3, 2, 9, 1))
    result = daily_job_run.enqueue(run.pk)
    assert result.return_value == "already started"
    assert len(ran) == 1


def test_a_failing_job_is_recorded_and_the_others_still_run(db, jobs, caplog):
    jobs(FAIL, NOTE)
    with caplog.at_level(logging.ERROR, logger="bops.core.scheduler"):
        runs = run_due(london(2026, 3, 2, 9, 1))
    assert [run.job for run in runs] == ["fail", "note"]
    assert ran == [("fail", date(2026, 3, 2)), ("note", date(2026, 3, 2))]
    failed = ScheduledRun.objects.get(job="fail")
    assert failed.outcome == ScheduledRun.Outcome.FAILED
    assert "RuntimeError: the outbox is on fire" in failed.detail
    assert failed.finished_at is not None
    assert ScheduledRun.objects.get(job="note").outcome == ScheduledRun.Outcome.SUCCEEDED
    assert any("fail" in record.getMessage() and record.exc_info for record in caplog.records)
    # The failed day is claimed: it is not tried again every minute.
    assert run_due(london(2026, 3, 2, 9, 2)) == []


def test_a_run_of_a_job_no_longer_listed_fails_clearly(db, jobs):
    jobs(NOTE)
    run = ScheduledRun.objects.create(job="gone", day=date(2026, 3, 2), claimed_at=timezone.now())
    daily_job_run.enqueue(run.pk)
    run.refresh_from_db()
    assert run.outcome == ScheduledRun.Outcome.FAILED
    assert "no daily job called 'gone'" in run.detail


def test_run_scheduler_once(db, jobs, capsys):
    jobs(NOTE)
    with time_machine.travel(london(2026, 3, 2, 9, 30), tick=False):
        call_command("run_scheduler", "--once")
        call_command("run_scheduler", "--once")
    assert capsys.readouterr().out == "Enqueued note for 2026-03-02\n"
    assert ran == [("note", date(2026, 3, 2))]


def test_run_scheduler_stops_on_sigterm_after_its_pass(db, jobs, monkeypatch):
    jobs(NOTE)
    passes = []

    def one_pass(now):
        passes.append(now)
        os.kill(os.getpid(), signal.SIGTERM)
        return []

    monkeypatch.setattr("bops.core.management.commands.run_scheduler.run_due", one_pass)
    before = signal.getsignal(signal.SIGTERM)
    call_command("run_scheduler")
    assert len(passes) == 1
    assert signal.getsignal(signal.SIGTERM) is before


def test_run_scheduler_keeps_going_after_a_failed_pass(db, monkeypatch, caplog):
    command = "bops.core.management.commands.run_scheduler"
    passes = []

    def flaky(now):
        passes.append(now)
        if len(passes) == 1:
            raise OperationalError("the database is restarting")
        os.kill(os.getpid(), signal.SIGTERM)
        return []

    monkeypatch.setattr(f"{command}.run_due", flaky)
    monkeypatch.setattr(f"{command}.PASS_SECONDS", 0)
    # The test's connection holds its transaction: it must not be closed as a stale one.
    monkeypatch.setattr(f"{command}.close_old_connections", lambda: None)
    call_command("run_scheduler")
    assert len(passes) == 2
    assert "Scheduler pass failed" in caplog.text


def test_run_scheduler_once_fails_loudly_for_cron(db, monkeypatch):
    def broken(now):
        raise OperationalError("the database is away")

    monkeypatch.setattr("bops.core.management.commands.run_scheduler.run_due", broken)
    with pytest.raises(OperationalError):
        call_command("run_scheduler", "--once")
