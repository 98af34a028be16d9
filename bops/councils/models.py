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
    # Local practice, not statute: the target date is this many days before the determination date.
    target_days_before_due = models.PositiveSmallIntegerField(default=21)
    # The last application number issued; references count on from it (BOPS starts at 100).
    last_application_number = models.PositiveIntegerField(default=99)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
