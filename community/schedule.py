"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up. The
digest scan is idempotent (one email per person per day, by its unique key),
so running it hourly, twice, or from ``run_periodic`` sends each digest once.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "community-send-daily-digests": {
        "task": "community.tasks.send_daily_digests",
        "schedule": 60 * 60.0,
        "options": {"expires": 50 * 60},
    },
}
