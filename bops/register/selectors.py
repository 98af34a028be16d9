"""Reads for the public register."""

from bops.applications.models import PlanningApplication
from bops.councils.selectors import council_url


def register_url(application: PlanningApplication) -> str:
    """The case's page on the public register, as a full address (for letters, notices and QR codes)."""
    return council_url(application.council, f"/planning-applications/{application.reference}")
