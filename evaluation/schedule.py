"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up. The
scan is idempotent (each email has a unique key), so overlapping runs are
harmless.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "evaluation-scan-questionnaire-reminders": {
        "task": "evaluation.tasks.scan_questionnaire_reminders",
        "schedule": 15 * 60.0,
        "options": {"expires": 14 * 60},
    },
}
