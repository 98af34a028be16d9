from django.db import models


class OutboxMessage(models.Model):
    """A message as it was sent (or, in development and tests, instead of being sent)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        SMS = "sms", "Text message"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    to = models.CharField(max_length=320)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Where it went: "outbox" (kept here only) or "notify" (GOV.UK Notify, with Notify's id for the message).
    provider = models.CharField(max_length=20, default="outbox")
    provider_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=30, default="stored", help_text="stored, sent or failed")
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
