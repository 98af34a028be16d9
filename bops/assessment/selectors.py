"""Reads of the assessment stage: the task list with each task's status, a section's versions, the report."""

from dataclasses import dataclass, field
from typing import Any

from bops.applications.models import PlanningApplication
from bops.assessment import checks
from bops.assessment.models import (
    Condition,
    Informative,
    LegislationCheck,
    LibraryCondition,
    LibraryInformative,
    LibraryPolicy,
    Outcome,
    PolicyAssessment,
    Recommendation,
    Section,
    SectionVersion,
    SiteHistory,
    SiteVisit,
)
from bops.core.tasklist import TaskStatus
from bops.validation.models import ValidationRequest

_FROM_SECTION = {
    Section.Status.NOT_STARTED: TaskStatus.NOT_STARTED,
    Section.Status.IN_PROGRESS: TaskStatus.IN_PROGRESS,
    Section.Status.COMPLETED: TaskStatus.COMPLETED,
    Section.Status.RETURNED: TaskStatus.ACTION_REQUIRED,
    Section.Status.ACCEPTED: TaskStatus.COMPLETED,
}


@dataclass(frozen=True)
class Row:
    slug: str
    title: str
    hint: str
    status: TaskStatus
    required: bool = True


@dataclass(frozen=True)
class TaskListSection:
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class AssessmentTaskList:
    sections: list[TaskListSection]

    @property
    def rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows]

    @property
    def remaining(self) -> int:
        """The required tasks not yet completed."""
        return len(self.required_left)

    @property
    def required_left(self) -> list[Row]:
        return [r for r in self.rows if r.required and r.status != TaskStatus.COMPLETED]

    @property
    def optional_left(self) -> list[Row]:
        return [r for r in self.rows if not r.required and r.status != TaskStatus.COMPLETED]


def sections_for(*, application: PlanningApplication) -> dict[str, Section]:
    return {s.slug: s for s in Section.objects.filter(application=application)}


def latest_recommendation(*, application: PlanningApplication) -> Recommendation | None:
    return application.recommendations.order_by("-created_at", "-id").first()


def _legislation_status(application: PlanningApplication) -> TaskStatus:
    outcomes = list(LegislationCheck.objects.filter(application=application).values_list("outcome", flat=True))
    if not outcomes:
        return TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS if Outcome.TO_BE_DETERMINED in outcomes else TaskStatus.COMPLETED


def _policies_status(application: PlanningApplication, stored: Section | None) -> TaskStatus:
    """Complete when every policy on the case has an outcome, or, with none on the case, when the officer has said
    why none applies (services.policies_assess); returned by the reviewer, it needs the officer again."""
    if stored is not None and stored.status == Section.Status.RETURNED:
        return TaskStatus.ACTION_REQUIRED
    outcomes = list(application.policy_assessments.values_list("outcome", flat=True))
    if outcomes:
        return TaskStatus.IN_PROGRESS if Outcome.TO_BE_DETERMINED in outcomes else TaskStatus.COMPLETED
    if stored is not None and stored.status in (Section.Status.COMPLETED, Section.Status.ACCEPTED):
        return TaskStatus.COMPLETED
    return TaskStatus.NOT_STARTED


def _recommendation_status(recommendation: Recommendation | None) -> TaskStatus:
    if recommendation is None:
        return TaskStatus.NOT_STARTED
    if recommendation.review == Recommendation.Review.CHALLENGED:
        return TaskStatus.ACTION_REQUIRED
    return TaskStatus.COMPLETED


def assessment_task_list(*, application: PlanningApplication) -> AssessmentTaskList:
    spec = application.application_type
    stored = sections_for(application=application)
    recommendation = latest_recommendation(application=application)
    result = []
    for section in checks.tasks_for(spec.family, code=spec.code):
        rows = []
        for task in section.tasks:
            if task.slug == checks.LEGISLATION.slug:
                status = _legislation_status(application)
            elif task.slug == checks.POLICIES.slug:
                status = _policies_status(application, stored.get(task.slug))
            elif task.slug == checks.RECOMMENDATION.slug:
                status = _recommendation_status(recommendation)
            else:
                found = stored.get(task.slug)
                status = _FROM_SECTION[Section.Status(found.status)] if found else TaskStatus.NOT_STARTED
            rows.append(Row(task.slug, task.title, task.hint, status, checks.is_required(spec.family, task.slug)))
        result.append(TaskListSection(section.title, rows))
    return AssessmentTaskList(result)


def required_tasks_left(*, application: PlanningApplication) -> list[Row]:
    """The required tasks (checks.OPTIONAL says which are not) not yet completed, in the order of the list."""
    return assessment_task_list(application=application).required_left


def tasks_left_refusal(*, application: PlanningApplication) -> str | None:
    """Why the recommendation cannot go to the reviewer, or the case be determined, yet: the required tasks left."""
    left = required_tasks_left(application=application)
    if not left:
        return None
    titles = [row.title for row in left]
    listed = titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"
    task = "task is" if len(titles) == 1 else "tasks are"
    return f"{len(titles)} required assessment {task} not completed: {listed}."


def section_versions(*, application: PlanningApplication, slug: str) -> list[SectionVersion]:
    """Every version of a section, the newest first."""
    return list(
        SectionVersion.objects.filter(section__application=application, section__slug=slug)
        .select_related("author", "reviewed_by")
        .order_by("-number")
    )


def library_conditions(*, application: PlanningApplication) -> list[LibraryCondition]:
    return list(LibraryCondition.objects.filter(council=application.council, is_active=True))


def library_informatives(*, application: PlanningApplication) -> list[LibraryInformative]:
    return list(LibraryInformative.objects.filter(council=application.council, is_active=True))


def policy_assessments(*, application: PlanningApplication) -> list[PolicyAssessment]:
    return list(application.policy_assessments.select_related("policy").order_by("policy__reference"))


def library_policies_to_add(*, application: PlanningApplication) -> list[LibraryPolicy]:
    """The council's active policies not yet on the case."""
    return list(
        LibraryPolicy.objects.filter(council=application.council, is_active=True).exclude(
            pk__in=application.policy_assessments.values("policy_id")
        )
    )


@dataclass(frozen=True)
class Term:
    """One of the heads of terms of a planning obligation, with the request asking the applicant to agree it."""

    position: int
    title: str
    text: str
    request: ValidationRequest | None


def heads_of_terms(*, application: PlanningApplication) -> list[Term]:
    version = (
        SectionVersion.objects.filter(section__application=application, section__slug=checks.HEADS_OF_TERMS.slug)
        .order_by("-number")
        .first()
    )
    terms: list[dict[str, Any]] = version.data.get("terms", []) if version else []
    ids = [t["request_id"] for t in terms if t.get("request_id")]
    requests = ValidationRequest.objects.in_bulk(ids) if ids else {}
    return [
        Term(n, t["title"], t["text"], requests.get(t.get("request_id")))  # type: ignore[arg-type]
        for n, t in enumerate(terms, start=1)
    ]


@dataclass
class Report:
    """Everything the officer report shows, in the order of the task list."""

    application: PlanningApplication
    texts: list[tuple[str, str]] = field(default_factory=list)
    site_history: list[SiteHistory] = field(default_factory=list)
    site_visits: list[SiteVisit] = field(default_factory=list)
    legislation: list[LegislationCheck] = field(default_factory=list)
    policies: list[PolicyAssessment] = field(default_factory=list)
    policies_summary: str = ""
    heads_of_terms: list[Term] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    informatives: list[Informative] = field(default_factory=list)
    recommendation: Recommendation | None = None


def assessment_report(*, application: PlanningApplication) -> Report:
    spec = application.application_type
    latest: dict[str, str] = {}
    versions = SectionVersion.objects.filter(section__application=application).select_related("section")
    for version in versions.order_by("number"):
        latest[version.section.slug] = version.text  # ordered by number, so the last one wins
    tasks = [t for s in checks.tasks_for(spec.family, code=spec.code) for t in s.tasks]
    return Report(
        application=application,
        texts=[(t.title, latest.get(t.slug, "")) for t in tasks if t.slug in checks.TEXT_SECTIONS],
        site_history=list(application.site_history.all()),
        site_visits=list(application.site_visits.select_related("officer").order_by("visited_on")),
        legislation=list(application.legislation_checks.order_by("part", "class_code", "paragraph")),
        policies=policy_assessments(application=application),
        policies_summary=latest.get(checks.POLICIES.slug, ""),
        heads_of_terms=heads_of_terms(application=application),
        conditions=list(application.conditions.all()),
        informatives=list(application.informatives.all()),
        recommendation=latest_recommendation(application=application),
    )
