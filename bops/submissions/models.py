import uuid

from django.db import models

from bops.core.models import TimeStampedModel


class Submission(TimeStampedModel):
    """A submission as it arrived: the raw body and headers, stored before anything else happens.

    `dedupe_key` is the sender's Idempotency-Key header, or else the ODP `metadata.id`. Only one live
    submission per council may hold a key (a failed one frees it, so a corrected resend is processed);
    a resend of a live one is kept too, as a duplicate pointing at the original, and makes nothing.
    """

    class State(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSING = "processing", "Processing"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"
        DUPLICATE = "duplicate", "Duplicate"

    class Route(models.TextChoices):
        PLANNING_APPLICATIONS = "planning_applications", "POST /api/v2/planning_applications"
        SUBMISSIONS = "submissions", "POST /api/v2/submissions"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="submissions")
    api_key = models.ForeignKey("councils.ApiKey", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    route = models.CharField(max_length=30, choices=Route.choices)
    body = models.BinaryField()
    headers = models.JSONField(default=dict)
    received_at = models.DateTimeField(db_index=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="resends")
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED)
    errors = models.JSONField(default=list, blank=True, help_text="[{pointer, message}] in plain words.")
    attempts = models.PositiveSmallIntegerField(default=0)
    application = models.ForeignKey(
        "applications.PlanningApplication", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["council", "state", "received_at"], name="submission_council_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "dedupe_key"],
                condition=models.Q(duplicate_of__isnull=True) & ~models.Q(dedupe_key="") & ~models.Q(state="failed"),
                name="one_live_submission_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"Submission {self.id} ({self.state})"

    @property
    def body_text(self) -> str:
        return bytes(self.body).decode("utf-8", errors="replace")


class SubmittedDetails(models.Model):
    """What the submitter told us beyond the case's own fields, as submitted (ODP), shown to officers."""

    application = models.OneToOneField(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="submitted_details"
    )
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    responses = models.JSONField(default=list, help_text="[{question, answers: [..]}] in the order asked.")
    designations = models.JSONField(default=list, help_text="[{value, description, intersects, source}]")
    fee = models.JSONField(default=dict)
    declarations = models.JSONField(default=dict)
    ownership = models.JSONField(default=dict)
    agent_acts = models.BooleanField(default=False)
    requested_files = models.JSONField(
        default=dict,
        blank=True,
        help_text="{required|recommended|optional: [{value, description}]}, as the service asked.",
    )

    def __str__(self) -> str:
        return f"Submitted details of case {self.application_id}"
