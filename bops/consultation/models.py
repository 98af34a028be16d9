"""The consultation stage: publicity (neighbour letters, site and press notices), consultees, public comments.

Rules live in services.py (writes) and rules.py (periods, what blocks the decision); these are the records.
"""

from django.conf import settings
from django.db import models

from bops.core.models import TimeStampedModel


class Address(models.Model):
    """A postal address with a location: the local gazetteer that the address lookup uses in development and tests
    (in production Ordnance Survey Places answers instead). Addresses are national, not a council's."""

    uprn = models.CharField(max_length=12, unique=True)
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)
    latitude = models.FloatField()
    longitude = models.FloatField()
    search_text = models.CharField(max_length=400, help_text="Lower case, for search.")

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"]), models.Index(fields=["postcode"])]

    def __str__(self) -> str:
        return self.full

    @property
    def full(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


class Consultation(TimeStampedModel):
    """One per case that is consulted on. Its end date is worked out from its publicity events (services.py)."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="consultation"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_date_reason = models.CharField(max_length=300, blank=True, help_text="Why the end date is what it is.")
    polygon = models.JSONField(null=True, blank=True, help_text="The area drawn to find neighbours (GeoJSON).")

    def __str__(self) -> str:
        return f"Consultation on case {self.application_id}"


class PublicityEvent(models.Model):
    """Something that starts or extends the consultation period: letters sent, a site notice displayed, a press
    notice published, consultees emailed, a manual extension or a reconsultation."""

    class Kind(models.TextChoices):
        NEIGHBOUR_LETTERS = "neighbour_letters", "Neighbour letters sent"
        SITE_NOTICE = "site_notice", "Site notice displayed"
        PRESS_NOTICE = "press_notice", "Press notice published"
        CONSULTEES = "consultees", "Consultees emailed"
        EXTENSION = "extension", "Extended by the officer"
        RECONSULTATION = "reconsultation", "Reconsultation"

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    on = models.DateField(help_text="The day the period begins with.")
    period_days = models.PositiveSmallIntegerField()
    ends_on = models.DateField()
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"


class Neighbour(TimeStampedModel):
    class Source(models.TextChoices):
        SEARCH = "search", "Address search"
        AROUND = "around", "Around the site"
        MAP = "map", "Drawn on the map"
        APPLICANT = "applicant", "Given by the applicant"
        MANUAL = "manual", "Typed by an officer"
        COMMENT = "comment", "Commented without a letter"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="neighbours")
    address = models.CharField(max_length=400)
    uprn = models.CharField(max_length=12, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)

    class Meta:
        ordering = ["address", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "uprn"], condition=~models.Q(uprn=""), name="one_neighbour_per_uprn"
            )
        ]

    def __str__(self) -> str:
        return self.address


class NeighbourLetter(TimeStampedModel):
    """One letter to one neighbour, as sent (its full text kept), with its delivery status from the Notifier."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent to the printer"
        PRINTED = "printed", "Printed"
        POSTED = "posted", "Posted"
        FAILED = "failed", "Failed"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    neighbour = models.ForeignKey(Neighbour, on_delete=models.PROTECT, related_name="letters")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(blank=True, help_text="Why it could not be sent or delivered.")
    body = models.TextField()
    resend_reason = models.TextField(blank=True)
    outbox_message = models.ForeignKey(
        "notifications.OutboxMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    status_checked_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class Consultee(TimeStampedModel):
    """The council's directory of people and bodies it consults."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="consultees")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200)
    email = models.EmailField()
    internal = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    constraint_codes = models.JSONField(
        default=list, blank=True, help_text="Constraints on a site that suggest consulting them (ODP codes)."
    )

    class Meta:
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"


class CaseConsultee(TimeStampedModel):
    class Status(models.TextChoices):
        NOT_CONSULTED = "not_consulted", "Not consulted"
        SENDING = "sending", "Sending"
        AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
        RESPONDED = "responded", "Responded"
        FAILED = "failed", "Failed"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="consultees")
    consultee = models.ForeignKey(Consultee, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_CONSULTED)
    emailed_at = models.DateTimeField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "consultee"], name="consult_once_per_case")]


class Stance(models.TextChoices):
    SUPPORT = "support", "Support"
    NEUTRAL = "neutral", "Neutral"
    OBJECTION = "objection", "Objection"


class ConsulteeStance(models.TextChoices):
    NO_OBJECTION = "no_objection", "No objection"
    AMENDMENTS_NEEDED = "amendments_needed", "Amendments needed"
    OBJECTION = "objection", "Objection"


TOPICS = {
    "use": "Use of the site",
    "privacy": "Privacy",
    "light": "Light",
    "access": "Access",
    "noise": "Noise",
    "traffic": "Traffic and parking",
    "design": "Design and appearance",
    "other": "Something else",
}


class Redactable(models.Model):
    """A response kept in full and shown publicly only as an officer redacted it (the redaction is recorded)."""

    text = models.TextField()
    redacted_text = models.TextField(blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    redacted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.redacted_at is not None


class PublicComment(Redactable):
    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        OFFICER = "officer", "Recorded by an officer"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="public_comments"
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=400)
    email = models.EmailField(blank=True)
    stance = models.CharField(max_length=20, choices=Stance.choices)
    topics = models.JSONField(default=list)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ONLINE)
    client_key = models.CharField(max_length=64, blank=True, help_text="A hash of the sender's address, for limits.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["application", "received_at"]),
            models.Index(fields=["client_key", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()} from {self.name}"


class ConsulteeResponse(Redactable):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    case_consultee = models.ForeignKey(CaseConsultee, on_delete=models.PROTECT, related_name="responses")
    stance = models.CharField(max_length=20, choices=ConsulteeStance.choices)
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_stance_display()} from consultee {self.case_consultee_id}"


class SiteNotice(TimeStampedModel):
    class Delivery(models.TextChoices):
        INTERNAL = "internal", "The council's team puts it up"
        APPLICANT = "applicant", "The applicant puts it up"
        PRINT = "print", "The officer prints it"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, related_name="site_notice")
    required = models.BooleanField()
    delivery = models.CharField(max_length=20, choices=Delivery.choices, blank=True)
    quantity = models.PositiveSmallIntegerField(default=1)
    location_instructions = models.TextField(blank=True)
    displayed_on = models.DateField(null=True, blank=True)
    evidence = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class PressNotice(TimeStampedModel):
    class Reason(models.TextChoices):
        CONSERVATION_AREA = "conservation_area", "Affects the character of a conservation area"
        LISTED_BUILDING = "listed_building", "Affects a listed building or its setting"
        MAJOR_DEVELOPMENT = "major_development", "Major development"
        DEPARTURE = "departure", "Does not accord with the development plan"
        EIA = "eia", "Accompanied by an environmental statement (EIA)"
        RIGHT_OF_WAY = "right_of_way", "Affects a public right of way"
        OTHER = "other", "Another reason"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, related_name="press_notice")
    required = models.BooleanField()
    reasons = models.JSONField(default=list, blank=True)
    other_reason = models.TextField(blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    evidence = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)


class MessageTemplate(TimeStampedModel):
    """A council's own wording for a letter or email, with {placeholders} (templates.py lists them)."""

    class Kind(models.TextChoices):
        NEIGHBOUR_LETTER = "neighbour_letter", "Neighbour letter"
        CONSULTEE_EMAIL = "consultee_email", "Consultee email"
        DECISION_NOTICE = "decision_notice", "Decision notice: the council's closing words"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "kind"], name="one_template_per_kind")]
