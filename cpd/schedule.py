"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
