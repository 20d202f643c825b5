"""Celery tasks: thin wrappers that take ids (or nothing) and call services.

Every task here is idempotent, which is why they may use ``acks_late``: a
task redelivered after a worker crash finds the work done and does nothing.
"""

import logging

from celery import shared_task
from django.core.mail import get_connection

from notifications import scans
from notifications.services import TemporaryEmailError, deliver, sweep_unsent

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def send_notification(self, notification_id: int) -> None:
    """Send one email. ``deliver`` counts attempts and gives up on its own."""
    try:
        deliver(notification_id)
    except TemporaryEmailError as failure:
        if self.request.is_eager:
            # In-process mode has no broker to hold a delayed retry; the
            # failure is recorded and the sweep retries when it is due.
            return
        raise self.retry(countdown=failure.retry_in, exc=failure.error) from None


@shared_task(acks_late=True, ignore_result=True)
def send_notifications(notification_ids: list[int]) -> None:
    """Send a batch over one mail-server connection.

    An email that fails is retried on its own (``send_notification`` with the
    back-off delay); the rest of the batch carries on. Running the batch again
    sends nothing twice: ``deliver`` skips what was sent.
    """
    connection = get_connection()
    try:
        for notification_id in notification_ids:
            try:
                deliver(notification_id, connection=connection)
            except TemporaryEmailError as failure:
                _retry_later(notification_id, failure.retry_in)
    finally:
        connection.close()


def _retry_later(notification_id: int, delay: int) -> None:
    if send_notifications.request.is_eager:
        return  # no broker to hold the retry: the sweep does it when due
    try:
        send_notification.apply_async((notification_id,), countdown=delay)
    except Exception:  # broker gone: next_attempt_at is set, the sweep retries
        logger.warning("Could not schedule a retry for email %s", notification_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep_unsent_notifications() -> int:
    return len(sweep_unsent())


@shared_task(acks_late=True, ignore_result=True)
def scan_reminders() -> int:
    """Find every reminder that is due now and queue it (each at most once)."""
    return scans.scan_all()
