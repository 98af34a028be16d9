"""The task-list framework: a workflow stage is a list of sections of tasks, declared as data.

A context (validation first; assessment and review later) declares which tasks each application family has,
stores each task's status, and renders them with the GOV.UK task list component. The statuses are the ones
the GOV.UK pattern uses, plus "action required" for a task that needs the officer again (for example, an
applicant has answered a request that belongs to it).
"""

from dataclasses import dataclass

from django.db import models


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACTION_REQUIRED = "action_required", "Action required"
    COMPLETED = "completed", "Completed"


@dataclass(frozen=True)
class Task:
    slug: str
    title: str
    hint: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    tasks: tuple[Task, ...]


def task_status_tag(status: str) -> dict:
    """The GOV.UK task list component's status for a task (a tag for anything but completed)."""
    if status == TaskStatus.COMPLETED:
        return {"text": TaskStatus.COMPLETED.label}
    colour = {
        TaskStatus.NOT_STARTED: "govuk-tag--blue",
        TaskStatus.IN_PROGRESS: "govuk-tag--light-blue",
        TaskStatus.ACTION_REQUIRED: "govuk-tag--red",
    }[TaskStatus(status)]
    return {"tag": {"text": TaskStatus(status).label, "classes": colour}}
