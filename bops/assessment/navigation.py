"""Where each assessment task's page is, and where an officer goes after saving one: the next required task not
yet completed, so the officer walks the list without coming back to it (the task list when none is left)."""

from django.urls import reverse

from bops.applications.models import PlanningApplication
from bops.assessment import checks, selectors
from bops.core.tasklist import TaskStatus


def task_url(application: PlanningApplication, slug: str) -> str:
    if slug in checks.TEXT_SECTIONS:
        return reverse("assessment:section", args=[application.reference, slug])
    return reverse(f"assessment:{slug}", args=[application.reference])


def next_url(application: PlanningApplication, after: str) -> str:
    """The page of the first required task not completed after `after` in the list, then from the top, and the
    recommendation once nothing else is left; the task list when every required task is done. Optional tasks are
    offered on the recommendation page instead."""
    rows = selectors.assessment_task_list(application=application).rows
    slugs = [r.slug for r in rows]
    start = slugs.index(after) + 1 if after in slugs else 0
    left = [r for r in rows[start:] + rows[:start] if r.required and r.status != TaskStatus.COMPLETED]
    left = [r for r in left if r.slug != after]
    tasks = [r for r in left if r.slug != checks.RECOMMENDATION.slug] or left
    if tasks:
        return task_url(application, tasks[0].slug)
    return reverse("assessment:tasks", args=[application.reference])


def tasks_left_errors(application: PlanningApplication) -> list[dict[str, str]]:
    """The GOV.UK error summary's items for the required tasks left, each linking to its task."""
    return [
        {"text": f"Complete the task \u201c{row.title}\u201d", "href": task_url(application, row.slug)}
        for row in selectors.required_tasks_left(application=application)
    ]


def refusal_items(application: PlanningApplication, message: str) -> list[dict[str, str]]:
    """The error summary's items for a refused submission or determination: each required task left with a link to
    it, then the refusal itself when it is about something else (the consultation, a request to the applicant...)."""
    items = tasks_left_errors(application)
    if message != selectors.tasks_left_refusal(application=application):
        items.append({"text": message})
    return items
