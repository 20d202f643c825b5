"""Celery tasks: thin wrappers that take ids (or nothing) and call services.

Every task here is idempotent, which is why they may use ``acks_late``: a
task redelivered after a worker crash finds the work done and does nothing.
"""

from celery import shared_task

from notifications import reminders
from notifications.services import TemporaryEmailError, deliver, sweep_unsent


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
def sweep_unsent_notifications() -> int:
    return len(sweep_unsent())


@shared_task(acks_late=True, ignore_result=True)
def scan_reminders() -> int:
    """Find every reminder that is due now and queue it (each at most once)."""
    return reminders.scan_all()
