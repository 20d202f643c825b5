"""Celery beat entries for this app, merged into CELERY_BEAT_SCHEDULE.

Plain data only: settings imports this module before Django is set up.
"""

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "bookings-release-expired-holds": {
        "task": "bookings.tasks.release_expired_holds",
        "schedule": 60.0,
    },
    "bookings-expire-waiting-list-offers": {
        "task": "bookings.tasks.expire_waiting_list_offers",
        "schedule": 300.0,
    },
    "bookings-offer-free-places": {
        "task": "bookings.tasks.offer_free_places_everywhere",
        "schedule": 900.0,
    },
}
