from django.db import models

from bops.core.models import TimeStampedModel


def document_path(instance: "Document", filename: str) -> str:
    return f"councils/{instance.council_id}/applications/{instance.application_id}/{filename}"


class Document(TimeStampedModel):
    """A file that belongs to a case: a plan, a statement, a photo. Intake and officers add them."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField(upload_to=document_path, max_length=300)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    tags = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField()

    # The officer's review (validation: "Review documents").
    class Validity(models.TextChoices):
        UNCHECKED = "unchecked", "Not checked"
        VALID = "valid", "Valid"
        INVALID = "invalid", "Invalid"

    validity = models.CharField(max_length=10, choices=Validity.choices, default=Validity.UNCHECKED)
    invalid_reason = models.TextField(blank=True)
    drawing_numbers = models.JSONField(default=list, blank=True)
    publishable = models.BooleanField(default=False, help_text="Shown on the public register.")
    on_decision_notice = models.BooleanField(default=False, help_text="Listed on the decision notice.")
    for_consultees = models.BooleanField(default=False, help_text="Shown to consultees on their pages.")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # A replacement keeps the old file, archived, so the history of what was submitted is never lost.
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    archived_at = models.DateTimeField(null=True, blank=True)
    archive_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["application", "received_at"])]

    def __str__(self) -> str:
        return self.name
