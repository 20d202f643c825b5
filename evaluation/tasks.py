"""Celery tasks: thin wrappers over the services."""

from celery import shared_task

from evaluation import anonymity
from evaluation.reminders import scan_questionnaire_reminders as scan


@shared_task(acks_late=True, ignore_result=True)
def scan_questionnaire_reminders() -> int:
    """Queue the questionnaire emails that are due (each at most once)."""
    return scan()


@shared_task(acks_late=True, ignore_result=True)
def unlink_closed_anonymous_answers() -> int:
    """Anonymous answers that can no longer be edited lose their last link."""
    return anonymity.unlink_closed_anonymous_answers()
