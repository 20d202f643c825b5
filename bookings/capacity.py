"""Capacity: how many places a cohort has left, counted under a row lock.

Every write that takes a place must call ``lock_cohort`` inside
``transaction.atomic()`` first and count afterwards; counting before the lock
lets two requests both see the last place free.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import Place
from cohorts.models import Cohort


class CohortFull(Exception):  # noqa: N818 - reads as a sentence: raise CohortFull
    pass


def places_taken(cohort: Cohort, now: dt.datetime | None = None) -> int:
    return Place.objects.filter(cohort=cohort).taken(now).count()


def places_left(cohort: Cohort, now: dt.datetime | None = None) -> int:
    return max(cohort.capacity - places_taken(cohort, now), 0)


def lock_cohort(cohort_id: int) -> Cohort:
    """Lock the cohort row until the transaction ends and return it fresh."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_cohort must run inside transaction.atomic().")
    return (
        Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)
    )


def ensure_places_left(cohort: Cohort, wanted: int) -> None:
    """Raise CohortFull unless ``wanted`` places are free. Call after locking."""
    left = places_left(cohort)
    if wanted > left:
        if left == 0:
            raise CohortFull(_("Sorry, this cohort is fully booked."))
        raise CohortFull(
            _("Only %(left)d places are left in this cohort.") % {"left": left}
        )
