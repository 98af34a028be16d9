"""Determination, committee and appeals: what the council decided, the notice it issued, and what came after."""

from django.conf import settings
from django.db import models

from bops.core.models import TimeStampedModel


class Determination(TimeStampedModel):
    """The council's decision on a case: made once, by a reviewer, with its notice stored as a document."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="determination"
    )
    decision = models.CharField(max_length=20)
    reasons = models.TextField()
    determined_on = models.DateField()
    determined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.decision} on {self.determined_on}"


class CommitteeReferral(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="committee"
    )
    reasons = models.JSONField(default=list)
    meeting_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, blank=True)
    minutes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Committee referral of case {self.application_id}"


class Appeal(TimeStampedModel):
    class Decision(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        DISMISSED = "dismissed", "Dismissed"
        SPLIT = "split", "Split decision"
        WITHDRAWN = "withdrawn", "Withdrawn"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="appeals"
    )
    reason = models.TextField(blank=True)
    lodged_on = models.DateField()
    validated_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    determined_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="+")

    class Meta:
        ordering = ["-lodged_on", "-id"]

    def __str__(self) -> str:
        return f"Appeal lodged {self.lodged_on}"
