"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "cpd-issue-certificates-for-finished-cohorts": {
        "task": "cpd.tasks.issue_certificates_for_finished_cohorts",
        "schedule": 30 * 60.0,
    },
}
