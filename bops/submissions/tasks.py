"""Background tasks of intake: thin wrappers that take ids and call services."""

from django_tasks import task

from bops.submissions.services import submission_process


@task()
def process_submission(submission_id: str) -> str:
    return submission_process(submission_id=submission_id).state
