"""`manage.py demo_data`: load the demo councils, officers and cases into an empty database, and say how to sign in."""

import os
import time
from typing import Any

from django.core.management.base import BaseCommand

from bops.accounts.models import User
from bops.applications.demo import COUNCILS, demo_loaded, load_demo_data, sign_ins
from bops.applications.models import PlanningApplication


class Command(BaseCommand):
    help = "Load demo data (two London councils, their officers and 35 cases each) if there is no council yet."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_loaded():
            self.stdout.write("Demo data already loaded.")
            if User.objects.filter(email__in=[s.email for s in sign_ins()]).exists():
                self._print_sign_ins()
            return
        started = time.monotonic()
        councils = load_demo_data()
        cases = PlanningApplication.objects.filter(council__in=councils).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded demo data: {len(councils)} councils, {cases} cases in {time.monotonic() - started:.1f} s."
            )
        )
        self._print_sign_ins()

    def _print_sign_ins(self) -> None:
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        for spec in COUNCILS:
            self.stdout.write(f"  {spec.name}: http://{spec.subdomain}.localhost:{port}")
        rows = [("Email", "Role", "Password"), *((s.email, s.role, s.password) for s in sign_ins())]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        for index, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("\nSign in on the council's own address with its officers' email addresses.")
