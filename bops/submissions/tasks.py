"""Background tasks of intake: thin wrappers that take ids and call services."""

import logging

from django_tasks import task

from bops.submissions.services import submission_process

logger = logging.getLogger(__name__)


@task()
def process_submission(submission_id: str) -> str:
    try:
        return submission_process(submission_id=submission_id).state
    except Exception:
        # The service records every expected failure on the submission; anything reaching here (the database
        # refusing the lock, say) left it as it was, so say so loudly: the worker only keeps it in its result.
        logger.exception("Submission %s could not be processed; it can be retried", submission_id)
        raise
