"""Reads for the validation stage: the task list with its statuses, the requests, what the applicant sees."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from bops.applications.models import ApplicationConstraint, PlanningApplication, Status
from bops.core.tasklist import Section, TaskStatus
from bops.councils.models import Council
from bops.documents.models import Document
from bops.validation import checks
from bops.validation.models import RequestState, ValidationCheck, ValidationRequest
from bops.validation.reporting import DEVELOPMENT_TYPES, development_types_for
from bops.validation.rules import BEFORE_VALIDATION

LIVE = (RequestState.PENDING, RequestState.OPEN)


@dataclass(frozen=True)
class TaskRow:
    slug: str
    title: str
    hint: str
    status: TaskStatus


@dataclass(frozen=True)
class TaskListSection:
    title: str
    rows: list[TaskRow]


@dataclass(frozen=True)
class TaskList:
    sections: list[TaskListSection]
    confirmable: list[TaskRow]  # not yet completed, and confirmable together

    @property
    def remaining(self) -> int:
        return sum(
            1 for s in self.sections for r in s.rows if r.status != TaskStatus.COMPLETED and r.slug != "decision"
        )


def applicant_case_get(*, council: Council, application_id: int) -> PlanningApplication | None:
    """The case a signed link opens in this council (never one still pending intake)."""
    return (
        PlanningApplication.objects.select_related("council", "application_type")
        .filter(council=council, pk=application_id)
        .exclude(status=Status.PENDING)
        .first()
    )


def requests_for(*, application: PlanningApplication) -> list[ValidationRequest]:
    return list(
        ValidationRequest.objects.filter(council=application.council, application=application)
        .select_related("document")
        .prefetch_related("received_documents")
        .order_by("sequence")
    )


def request_get(*, application: PlanningApplication, request_id: int) -> ValidationRequest | None:
    return (
        ValidationRequest.objects.filter(council=application.council, application=application, pk=request_id)
        .select_related("document")
        .prefetch_related("received_documents")
        .first()
    )


def _derived_status(slug: str, application: PlanningApplication, requests: list[ValidationRequest]) -> TaskStatus:
    if slug == "requests":
        if any(not r.officer_seen for r in requests):
            return TaskStatus.ACTION_REQUIRED
        if any(r.state in LIVE for r in requests):
            return TaskStatus.IN_PROGRESS
        return TaskStatus.COMPLETED  # every answer read, or nothing asked: nothing to review
    # The decision.
    if application.status == Status.INVALIDATED:
        return TaskStatus.IN_PROGRESS
    if application.status in BEFORE_VALIDATION:
        return TaskStatus.NOT_STARTED
    return TaskStatus.COMPLETED


def validation_task_list(*, application: PlanningApplication, requests: list[ValidationRequest]) -> TaskList:
    stored = {c.slug: c.status for c in ValidationCheck.objects.filter(application=application)}
    sections: list[TaskListSection] = []
    family = application.application_type.family
    for section in checks.tasks_for(family):
        rows = []
        for task in section.tasks:
            if task.slug in checks.DERIVED:
                status = _derived_status(task.slug, application, requests)
            else:
                status = TaskStatus(stored.get(task.slug, TaskStatus.NOT_STARTED))
            rows.append(TaskRow(task.slug, task.title, task.hint, status))
        sections.append(TaskListSection(section.title, rows))
    spec = application.application_type.spec
    single_type = len(development_types_for(code=spec.code, family=spec.family, is_major=spec.is_major)) == 1
    open_rows = [
        r for s in sections for r in s.rows if r.slug in checks.CONFIRMABLE and r.status != TaskStatus.COMPLETED
    ]
    missing = (
        any(r.missing for r in required_documents(application=application, requests=requests))
        if any(r.slug == "check-documents" for r in open_rows)
        else False
    )
    confirmable = [
        row
        for row in open_rows
        if not (row.slug == "boundary" and not application.boundary)
        and not (row.slug == "reporting" and not single_type)
        and not (row.slug == "check-documents" and missing)
    ]
    return TaskList(sections=sections, confirmable=confirmable)


def tasks_sections(application: PlanningApplication) -> tuple[Section, ...]:
    return checks.tasks_for(application.application_type.family)


def current_documents(*, application: PlanningApplication) -> list[Document]:
    return list(
        Document.objects.filter(application=application, archived_at__isnull=True)
        .select_related("replaces")
        .order_by("received_at", "id")
    )


def constraints_of(*, application: PlanningApplication) -> QuerySet[ApplicationConstraint]:
    return ApplicationConstraint.objects.filter(council=application.council, application=application)


def development_type_choices(*, application: PlanningApplication) -> list[tuple[str, str]]:
    spec = application.application_type.spec
    return [
        (code, f"{code}: {DEVELOPMENT_TYPES[code]}")
        for code in development_types_for(code=spec.code, family=spec.family, is_major=spec.is_major)
    ]


@dataclass(frozen=True)
class RequiredDocument:
    value: str
    description: str
    source: str  # "submission" or "council"
    present: bool
    requested: bool

    @property
    def missing(self) -> bool:
        """Required, not here, and not asked for yet: the officer must request it (Check and request documents)."""
        return not self.present and not self.requested


def required_documents(
    *, application: PlanningApplication, requests: list[ValidationRequest]
) -> list[RequiredDocument]:
    """What the submission said was required, and the council's own list for the type, against the tags of the
    current documents and the document requests already made."""
    tags = {t for d in current_documents(application=application) for t in d.tags}
    asked = {r.document_type for r in requests if r.document_type and r.state != RequestState.CANCELLED}
    wanted: list[tuple[str, str, str]] = []
    details = getattr(application, "submitted_details", None)
    if details is not None:
        wanted += [
            (f["value"], f.get("description") or f["value"], "submission")
            for f in details.requested_files.get("required", [])
        ]
    wanted += [
        (f["value"], f.get("description") or f["value"], "council")
        for f in application.application_type.required_documents
    ]
    seen: set[str] = set()
    rows = []
    for value, description, source in wanted:
        if value in seen:
            continue
        seen.add(value)
        rows.append(
            RequiredDocument(
                value, description, source, value in tags or description in tags, value in asked or description in asked
            )
        )
    return rows


def invalid_overdue(*, application: PlanningApplication, requests: list[ValidationRequest], today: date) -> date | None:
    """The response date an invalid case has passed with requests still unanswered, if it has (flag it)."""
    if application.status != Status.INVALIDATED:
        return None
    due = [r.response_due for r in requests if r.state == RequestState.OPEN and r.response_due]
    latest = max(due) if due else None
    return latest if latest is not None and latest < today else None


def open_requests_for_applicant(*, application: PlanningApplication) -> list[ValidationRequest]:
    """What the applicant sees: every sent request (answered ones too, so a reused link says what happened)."""
    return [r for r in requests_for(application=application) if r.state != RequestState.PENDING]


@dataclass(frozen=True)
class ValidationSummary:
    """What the case page shows of validation: what is left, what waits, what is new."""

    tasks_left: int
    waiting: int
    updated: int
    overdue_since: date | None
    left: tuple[TaskRow, ...] = ()  # the tasks not completed, in the task list's order (the decision apart)


def validation_summary(*, application: PlanningApplication, today: date) -> ValidationSummary:
    requests = requests_for(application=application)
    task_list = validation_task_list(application=application, requests=requests)
    return ValidationSummary(
        tasks_left=task_list.remaining,
        waiting=sum(1 for r in requests if r.state == RequestState.OPEN),
        updated=sum(1 for r in requests if not r.officer_seen),
        overdue_since=invalid_overdue(application=application, requests=requests, today=today),
        left=tuple(
            r for s in task_list.sections for r in s.rows if r.status != TaskStatus.COMPLETED and r.slug != "decision"
        ),
    )
