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

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["application", "received_at"])]

    def __str__(self) -> str:
        return self.name
