"""The assessment stage: the officer's report sections (with every version kept for review), site history, site
visits, the assessment against legislation, policies, conditions, informatives, and the recommendation; and the
council's libraries of standard conditions, informatives and policies."""

from django.conf import settings
from django.db import models

from bops.core.models import TimeStampedModel


class Section(TimeStampedModel):
    """One section of the officer's report on a case (checks.py declares which sections each family has).

    The text lives in its versions: the officer writes a version, the reviewer accepts it, edits and accepts it
    (a new version by the reviewer), or returns it with a comment; the officer's next save is a new version.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        RETURNED = "returned", "Returned by the reviewer"
        ACCEPTED = "accepted", "Accepted by the reviewer"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="assessment_sections"
    )
    slug = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "slug"], name="one_section_per_slug")]

    def __str__(self) -> str:
        return f"{self.slug}: {self.status}"


class SectionVersion(models.Model):
    class Review(models.TextChoices):
        PENDING = "pending", "Not reviewed"
        ACCEPTED = "accepted", "Accepted"
        EDITED = "edited", "Edited and accepted"
        RETURNED = "returned", "Returned"

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="Structured answers of the section, if any.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.PENDING)
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["section", "number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.section.slug} v{self.number}"


class SiteHistory(TimeStampedModel):
    """An earlier application on the site, entered by an officer or imported."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="site_history"
    )
    reference = models.CharField(max_length=60)
    description = models.TextField()
    decision = models.CharField(max_length=100, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_on", "reference"]

    def __str__(self) -> str:
        return self.reference


class SiteVisit(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="site_visits"
    )
    visited_on = models.DateField()
    notes = models.TextField(blank=True)
    photos = models.ManyToManyField("documents.Document", blank=True, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Site visit on {self.visited_on}"


class Outcome(models.TextChoices):
    COMPLIES = "complies", "Complies"
    DOES_NOT_COMPLY = "does_not_comply", "Does not comply"
    TO_BE_DETERMINED = "to_be_determined", "To be determined"


class LegislationCheck(TimeStampedModel):
    """One paragraph of a GPDO class, assessed on a case (the paragraphs themselves are data: gpdo.py)."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="legislation_checks"
    )
    part = models.CharField(max_length=10)
    class_code = models.CharField(max_length=10)
    paragraph = models.CharField(max_length=40)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.TO_BE_DETERMINED)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "part", "class_code", "paragraph"], name="one_check_per_paragraph"
            )
        ]

    def __str__(self) -> str:
        return f"Part {self.part} Class {self.class_code} {self.paragraph}: {self.outcome}"


class LibraryCondition(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="library_conditions")
    title = models.CharField(max_length=200)
    text = models.TextField()
    reason = models.TextField()
    pre_commencement = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class LibraryInformative(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="library_informatives")
    title = models.CharField(max_length=200)
    text = models.TextField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class LibraryPolicy(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="library_policies")
    reference = models.CharField(max_length=40, help_text="The local plan's reference, e.g. P13.")
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    url = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Condition(TimeStampedModel):
    """A condition on a case's decision, with its reason (a condition without one is refused)."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="conditions"
    )
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    reason = models.TextField()
    pre_commencement = models.BooleanField(default=False)
    validation_request = models.ForeignKey(
        "validation.ValidationRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title or self.text[:60]


class Informative(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="informatives"
    )
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class PolicyAssessment(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="policy_assessments"
    )
    policy = models.ForeignKey(LibraryPolicy, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.TO_BE_DETERMINED)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "policy"], name="assess_policy_once")]

    def __str__(self) -> str:
        return f"{self.policy}: {self.outcome}"


class Decision(models.TextChoices):
    """The decisions a recommendation or a determination may be (rules.decisions_for says which per family)."""

    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    NOT_REQUIRED = "not_required", "Prior approval not required"
    APPROVED = "approved", "Prior approval given"


class Recommendation(TimeStampedModel):
    class Review(models.TextChoices):
        PENDING = "pending", "Not reviewed"
        AGREED = "agreed", "Agreed"
        CHALLENGED = "challenged", "Challenged"

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.PlanningApplication", on_delete=models.PROTECT, related_name="recommendations"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reasons = models.TextField(help_text="Public: printed on the decision notice.")
    internal_comment = models.TextField(blank=True)
    committee_reasons = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.PENDING)
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"Recommendation: {self.get_decision_display()}"
