from django.core.validators import RegexValidator
from django.db import models

from bops.core.models import TimeStampedModel

subdomain_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
    "A subdomain has lower-case letters, digits and hyphens, and starts and ends with a letter or digit.",
)
code_validator = RegexValidator(r"^[A-Z]{2,5}$", "A council code has 2 to 5 capital letters, like SWK.")


class Council(TimeStampedModel):
    """A local planning authority. Everything a council owns points here; it is reached by its subdomain."""

    name = models.CharField(max_length=200)
    subdomain = models.CharField(max_length=63, unique=True, validators=[subdomain_validator])
    code = models.CharField(max_length=5, unique=True, validators=[code_validator])
    address = models.TextField(help_text="Postal address, one line per line of the address.")
    email = models.EmailField()
    phone = models.CharField(max_length=40)
    signatory_name = models.CharField(max_length=200)
    signatory_job_title = models.CharField(max_length=200)
    reviewer_group_email = models.EmailField()
    press_notice_email = models.EmailField(
        blank=True, help_text="Where press notices are sent to be published (the newspaper or the council's team)."
    )
    # The council's Ordnance Survey Data Hub key for base maps. Used only on the server, by the tile proxy
    # (bops.maps): never shown in full, never sent to the browser, never logged.
    os_maps_api_key = models.CharField(max_length=64, blank=True, default="")
    # Local practice, not statute: the target date is this many days before the determination date.
    target_days_before_due = models.PositiveSmallIntegerField(default=21)
    # The last application number issued; references count on from it (BOPS starts at 100).
    last_application_number = models.PositiveIntegerField(default=99)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_os_maps_key(self) -> bool:
        return bool(self.os_maps_api_key)

    @property
    def os_maps_key_hint(self) -> str:
        """The key's last 4 characters, the most of it ever shown."""
        return self.os_maps_api_key[-4:]


class Scope(models.TextChoices):
    PLANNING_APPLICATION_READ = "planning_application:read", "Read planning applications"
    PLANNING_APPLICATION_WRITE = "planning_application:write", "Submit planning applications"
    COMMENT_READ = "comment:read", "Read comments"
    COMMENT_WRITE = "comment:write", "Post comments"
    VALIDATION_REQUEST_READ = "validation_request:read", "Read validation requests"
    VALIDATION_REQUEST_WRITE = "validation_request:write", "Answer validation requests"


class ApiKey(TimeStampedModel):
    """A council's key for another system (PlanX, a register). Only its SHA-256 is kept; it is shown once."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text="The key's first characters, to recognise it in lists.")
    hashed_key = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
