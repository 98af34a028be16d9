from django.conf import settings
from django.db import models

from bops.applications.catalogue import BY_CODE, Family, TypeSpec
from bops.core import dates
from bops.core.models import TimeStampedModel


class ApplicationType(TimeStampedModel):
    """A council's use of one type from the ODP catalogue (catalogue.py): whether it is active, and its period.

    The catalogue (description, family, suffix, statutory period) is code; only what a council may change
    is stored here.
    """

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="application_types")
    code = models.CharField(max_length=80)
    is_active = models.BooleanField(default=False)
    period_days_override = models.PositiveSmallIntegerField(null=True, blank=True)
    required_documents = models.JSONField(
        default=list,
        blank=True,
        help_text="The council's own required documents for this type: [{value, description}].",
    )

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["council", "code"], name="unique_type_per_council")]

    def __str__(self) -> str:
        return self.description

    @property
    def spec(self) -> TypeSpec:
        return BY_CODE[self.code]

    @property
    def description(self) -> str:
        return self.spec.description

    @property
    def family(self) -> Family:
        return self.spec.family

    @property
    def suffix(self) -> str:
        return self.spec.suffix

    @property
    def period_days(self) -> int:
        return self.period_days_override or self.spec.period_days

    @property
    def is_prior_approval(self) -> bool:
        return self.family == Family.PRIOR_APPROVAL


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    NOT_STARTED = "not_started", "Not started"
    INVALIDATED = "invalidated", "Invalid"
    IN_ASSESSMENT = "in_assessment", "In assessment"
    AWAITING_DETERMINATION = "awaiting_determination", "Awaiting determination"
    IN_COMMITTEE = "in_committee", "In committee"
    TO_BE_REVIEWED = "to_be_reviewed", "To be reviewed"
    DETERMINED = "determined", "Determined"
    RETURNED = "returned", "Returned"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


# A case still being worked on (BOPS's IN_PROGRESS), and a finished one: the one definition the lifecycle, the
# officers' lists and the partial indexes below all use.
OPEN_STATUSES = (
    Status.NOT_STARTED,
    Status.INVALIDATED,
    Status.IN_ASSESSMENT,
    Status.AWAITING_DETERMINATION,
    Status.IN_COMMITTEE,
    Status.TO_BE_REVIEWED,
)
CLOSED_STATUSES = (Status.DETERMINED, Status.RETURNED, Status.WITHDRAWN, Status.CLOSED)
OPEN = [status.value for status in OPEN_STATUSES]


class PlanningApplication(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="applications")
    application_type = models.ForeignKey(ApplicationType, on_delete=models.PROTECT, related_name="applications")
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=40)
    previous_references = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.PENDING)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )

    # Site
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    postcode_key = models.CharField(max_length=10, blank=True, help_text="Upper case, no spaces, for search.")
    uprn = models.CharField(max_length=12, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    boundary = models.JSONField(null=True, blank=True, help_text="Red line boundary: a GeoJSON Feature, EPSG:4326.")
    boundary_area_m2 = models.FloatField(null=True, blank=True)
    bbox_min_lon = models.FloatField(null=True, blank=True)
    bbox_min_lat = models.FloatField(null=True, blank=True)
    bbox_max_lon = models.FloatField(null=True, blank=True)
    bbox_max_lat = models.FloatField(null=True, blank=True)

    description = models.TextField()

    # Set during validation (bops.validation). None means not yet checked.
    eia_required = models.BooleanField(null=True, blank=True, help_text="EIA development: 16-week period.")
    cil_liable = models.BooleanField(null=True, blank=True)
    development_type = models.CharField(max_length=8, blank=True, help_text="PS2 statistical development type.")
    # Copied from the Determination when the case is determined (bops.decisions.services.determine), so the public
    # register filters and counts by decision from an index of the case itself.
    decision = models.CharField(max_length=20, blank=True)

    # People
    applicant_name = models.CharField(max_length=200)
    applicant_email = models.EmailField(blank=True)
    applicant_phone = models.CharField(max_length=40, blank=True)
    applicant_address = models.TextField(blank=True)
    agent_name = models.CharField(max_length=200, blank=True)
    agent_company = models.CharField(max_length=200, blank=True)
    agent_email = models.EmailField(blank=True)
    agent_phone = models.CharField(max_length=40, blank=True)

    # Key dates, all worked out by bops.core.dates (see services.planning_application_refresh_dates).
    submitted_at = models.DateTimeField()
    received_at = models.DateTimeField()
    valid_from = models.DateField(null=True, blank=True)
    statutory_date = models.DateField()
    extended_to = models.DateField(null=True, blank=True)
    due_date = models.DateField(help_text="The extended date if one was agreed, else the statutory date.")
    target_date = models.DateField()

    # When each status was entered (stamped by the lifecycle).
    not_started_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    in_assessment_at = models.DateTimeField(null=True, blank=True)
    awaiting_determination_at = models.DateTimeField(null=True, blank=True)
    in_committee_at = models.DateTimeField(null=True, blank=True)
    to_be_reviewed_at = models.DateTimeField(null=True, blank=True)
    determined_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)

    # Lower-case reference, address, postcode and description, for the officers' search.
    search_text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="unique_reference_per_council"),
            models.UniqueConstraint(fields=["council", "number"], name="unique_number_per_council"),
        ]
        indexes = [
            models.Index(fields=["council", "status", "due_date"], name="app_council_status_due"),
            models.Index(fields=["council", "assigned_officer", "status"], name="app_council_officer_status"),
            models.Index(fields=["council", "due_date"], name="app_council_due"),
            models.Index(fields=["council", "postcode_key"], name="app_council_postcode"),
            # The public register lists a council's cases newest first, or by decision (bops.register.search).
            models.Index(fields=["council", "received_at", "id"], name="app_council_received"),
            models.Index(fields=["council", "determined_at", "id"], name="app_council_determined"),
            models.Index(fields=["council", "decision", "determined_at"], name="app_council_decision"),
            # The dashboard lists open cases by due date; most of a council's cases are closed.
            models.Index(
                fields=["council", "due_date", "id"], name="app_open_due", condition=models.Q(status__in=OPEN)
            ),
            models.Index(
                fields=["council", "assigned_officer", "due_date", "id"],
                name="app_open_officer_due",
                condition=models.Q(status__in=OPEN),
            ),
        ]

    def __str__(self) -> str:
        return self.reference_in_full

    @property
    def reference_in_full(self) -> str:
        return f"{self.council.code}-{self.reference}"

    @property
    def period_days(self) -> int:
        """The statutory period: 16 weeks for EIA development (DMPO 2015 art. 34(2)), else the type's."""
        return dates.SIXTEEN_WEEKS if self.eia_required else self.application_type.period_days

    @property
    def period_source(self) -> str:
        if self.eia_required:
            return "EIA development: 16 weeks (DMPO 2015 art. 34(2))"
        return self.application_type.spec.period_source

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.address_line_1, self.address_line_2, self.town, self.postcode) if part)


class ApplicationConstraint(TimeStampedModel):
    """A planning constraint on the site: from the submission, or added by an officer. Removal keeps the row."""

    class Source(models.TextChoices):
        SUBMISSION = "submission", "Submission"
        OFFICER = "officer", "Officer"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(PlanningApplication, on_delete=models.PROTECT, related_name="constraints")
    code = models.CharField(max_length=100)
    description = models.CharField(max_length=300)
    source = models.CharField(max_length=20, choices=Source.choices)
    reason = models.TextField(blank=True, help_text="Why an officer added it.")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["description", "id"]

    def __str__(self) -> str:
        return self.description
