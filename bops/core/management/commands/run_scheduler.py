"""Start the daily jobs when they are due (bops.core.scheduler): every minute until stopped, or once."""

import logging
import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from bops.core.models import ScheduledRun
from bops.core.scheduler import run_due

logger = logging.getLogger(__name__)

PASS_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Claim and enqueue the daily jobs that are due, every minute until SIGTERM or SIGINT; with --once, one "
        "pass (for cron). Any number may run against one database: each job runs once a day."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args: Any, once: bool, **options: Any) -> None:
        if once:
            # Errors are not caught here: cron reports a failed pass by its exit status.
            self._report(run_due(timezone.now()))
            return
        stop = threading.Event()
        previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}

        def request_stop(number: int, frame: FrameType | None) -> None:
            stop.set()

        for number in previous:
            signal.signal(number, request_stop)
        logger.info("Scheduler started: a pass every %s seconds", PASS_SECONDS)
        try:
            self._pass()
            while not stop.wait(PASS_SECONDS):
                # A long-running process: drop connections the database closed or that are past their age.
                close_old_connections()
                self._pass()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        logger.info("Scheduler stopped")

    def _pass(self) -> None:
        try:
            runs = run_due(timezone.now())
        except Exception:
            # The database being away for a minute must not end the scheduler: the next pass tries again.
            logger.exception("Scheduler pass failed")
            return
        self._report(runs)

    def _report(self, runs: list[ScheduledRun]) -> None:
        for run in runs:
            self.stdout.write(f"Enqueued {run.job} for {run.day.isoformat()}")
