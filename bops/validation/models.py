from django.conf import settings
from django.db import models

from bops.core.models import TimeStampedModel
from bops.core.tasklist import TaskStatus


class ValidationCheck(TimeStampedModel):
    """The state of one validation task (checks.py declares which tasks a family has) on one case."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="validation_checks"
    )
    slug = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    comment = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "slug"], name="one_check_per_task")]

    def __str__(self) -> str:
        return f"{self.slug}: {self.status}"


class RequestKind(models.TextChoices):
    ADDITIONAL_DOCUMENT = "additional_document", "Additional document"
    REPLACEMENT_DOCUMENT = "replacement_document", "Replacement document"
    DESCRIPTION_CHANGE = "description_change", "Description change"
    BOUNDARY_CHANGE = "boundary_change", "Red line boundary change"
    FEE_CHANGE = "fee_change", "Fee change"
    OTHER_CHANGE = "other_change", "Other change"
    OWNERSHIP_CERTIFICATE = "ownership_certificate", "Ownership certificate"
    PRE_COMMENCEMENT_CONDITION = "pre_commencement_condition", "Pre-commencement condition"
    HEADS_OF_TERMS = "heads_of_terms", "Heads of terms"
    TIME_EXTENSION = "time_extension", "Time extension"


class RequestState(models.TextChoices):
    PENDING = "pending", "Not sent yet"
    OPEN = "open", "Sent"
    CLOSED = "closed", "Answered"
    CANCELLED = "cancelled", "Cancelled"


class ValidationRequest(TimeStampedModel):
    """Something the council asks the applicant for; rules in services.py, per-kind facts in requests.py."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="validation_requests"
    )
    kind = models.CharField(max_length=40, choices=RequestKind.choices)
    state = models.CharField(max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    sequence = models.PositiveIntegerField(help_text="1, 2, 3... within the case.")
    post_validation = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # What the officer asks.
    reason = models.TextField(help_text="Why the council asks, in words the applicant reads.")
    suggestion = models.TextField(blank=True, help_text="What the council suggests the applicant does.")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="validation_requests"
    )
    document_type = models.CharField(max_length=100, blank=True, help_text="The kind of document asked for.")
    proposed = models.JSONField(null=True, blank=True, help_text="The proposed description, boundary, date or text.")
    original = models.JSONField(null=True, blank=True, help_text="What the proposal would replace.")
    needs_approval = models.BooleanField(default=True)

    # Its course.
    sent_at = models.DateTimeField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    # The answer.
    approved = models.BooleanField(null=True, blank=True)
    response = models.TextField(blank=True)
    rejection_reason = models.TextField(blank=True)
    auto_closed = models.BooleanField(default=False)
    answered_through = models.CharField(max_length=20, blank=True, help_text="link, api or automatic")
    received_documents = models.ManyToManyField("documents.Document", blank=True, related_name="+")
    officer_seen = models.BooleanField(default=True, help_text="False from an answer until an officer opens it.")

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["application", "sequence"], name="unique_request_sequence"),
        ]
        indexes = [
            models.Index(fields=["application", "state"]),
            models.Index(fields=["state", "kind", "response_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.sequence}"

    @property
    def is_live(self) -> bool:
        return self.state in (RequestState.PENDING, RequestState.OPEN)
