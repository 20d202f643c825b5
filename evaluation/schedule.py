"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up. Both
jobs are idempotent (each email has a unique key; an unlinked answer is not
unlinked again), so overlapping runs are harmless.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "evaluation-scan-questionnaire-reminders": {
        "task": "evaluation.tasks.scan_questionnaire_reminders",
        "schedule": 15 * 60.0,
        "options": {"expires": 14 * 60},
    },
    "evaluation-unlink-closed-anonymous-answers": {
        "task": "evaluation.tasks.unlink_closed_anonymous_answers",
        "schedule": 24 * 60 * 60.0,
    },
}
