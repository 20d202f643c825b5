from celery import shared_task

from notifications.services import deliver


@shared_task(
    acks_late=True,  # deliver() is idempotent, so a redelivery is harmless
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=6,
)
def send_notification(notification_id: int) -> None:
    deliver(notification_id)
