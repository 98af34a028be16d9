"""Fill the local address table with generated houses around every case's site (development and demos)."""

from typing import Any

from django.core.management.base import BaseCommand

from bops.applications.models import PlanningApplication
from bops.consultation.addresses import addresses_fill_around


class Command(BaseCommand):
    help = "Generate addresses around each case's site in the local Address table (for ADDRESS_LOOKUP=local)."

    def handle(self, *args: Any, **options: Any) -> None:
        made = addresses_fill_around(PlanningApplication.objects.exclude(latitude=None).iterator())
        self.stdout.write(f"{made} addresses added.")
