from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Something a person or the system did: to a case, or to the council's configuration.

    Entries are only ever added. `actor_label` keeps the name as it was, so the history stays readable
    after a user is renamed or deactivated.
    """

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    event = models.CharField(max_length=64)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["application", "created_at"]),
            models.Index(fields=["council", "created_at"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} by {self.actor_label}"


class ScheduledRun(models.Model):
    """One day's run of a daily job (bops.core.scheduler).

    Inserting the row is how a scheduler claims the day: the unique (job, day) pair lets exactly one of several
    scheduler processes (or a cron run beside them) have it. The row then says what became of the run.
    """

    class Outcome(models.TextChoices):
        CLAIMED = "claimed", "Waiting for a worker"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    job = models.CharField(max_length=100)
    day = models.DateField(help_text="The London date the run is for; the job receives it as `today`.")
    claimed_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.CLAIMED)
    detail = models.TextField(blank=True, help_text="The job's summary, or the error with its traceback.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="core_scheduled_run_once_a_day")]
        ordering = ["-day", "job"]

    def __str__(self) -> str:
        return f"{self.job} on {self.day.isoformat()}: {self.outcome}"
