"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up.
Both scans are idempotent, so overlapping runs (or two beat processes) are
harmless; ``expires`` drops runs that piled up while the broker was away.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "notifications-scan-reminders": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": 5 * 60.0,
        "options": {"expires": 4 * 60},
    },
    "notifications-sweep-unsent": {
        "task": "notifications.tasks.sweep_unsent_notifications",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
}
