"""Celery tasks: thin wrappers around the scans in practice.nudges."""

from celery import shared_task

from practice import nudges


@shared_task(ignore_result=True)
def scan_practice() -> int:
    """Beat: nudges for open steps and automatic catch-up rounds (idempotent)."""
    return nudges.scan_all()
