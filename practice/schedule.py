"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up. The
scan is idempotent (one nudge per step, one round per session), so
overlapping runs are harmless.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "practice-scan": {
        "task": "practice.tasks.scan_practice",
        "schedule": 30 * 60.0,
        "options": {"expires": 25 * 60},
    },
}
