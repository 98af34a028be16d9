"""Background work of consultation: thin wrappers that take ids and call services."""

import logging

from django_tasks import task

from bops.consultation.neighbours import neighbour_letters_deliver

logger = logging.getLogger(__name__)


@task()
def send_neighbour_letters(letter_ids: list[int], subject: str) -> str:
    """Render and send the queued letters of one batch (enqueued when `neighbour_letters_send` commits).

    Safe to retry, or to run twice: a letter is sent only while it is still queued, under its row's lock. The
    worst case is one letter sent twice, if the worker dies between the Notifier's answer and that letter's commit.
    """
    try:
        return neighbour_letters_deliver(letter_ids=letter_ids, subject=subject)
    except Exception:
        # Each letter's own failure is recorded on it; anything reaching here (the database refusing the lock, say)
        # left the letters not yet reached queued, so running the task again sends them.
        logger.exception("Neighbour letters %s could not all be sent; the task can be retried", letter_ids[:5])
        raise
