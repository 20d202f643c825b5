"""Capacity: how many places a cohort has left, counted under a row lock.

Every write that takes a place must call ``lock_cohort`` inside
``transaction.atomic()`` first and count afterwards; counting before the lock
lets two requests both see the last place free.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.errors import BookingError
from bookings.models import Order, Place, WaitingListOffer
from cohorts.models import Cohort
from cop.audit import record
from cop.models import Organisation


class CohortFull(BookingError):  # noqa: N818 - reads as a sentence: raise CohortFull
    pass


def places_taken(cohort: Cohort, now: dt.datetime | None = None) -> int:
    return Place.objects.filter(cohort=cohort).taken(now).count()


def places_offered(
    cohort: Cohort,
    now: dt.datetime | None = None,
    *,
    except_offer: WaitingListOffer | None = None,
) -> int:
    """Places kept for people on the waiting list who have an open offer."""
    offers = WaitingListOffer.objects.filter(cohort=cohort).open(now)
    if except_offer is not None:
        offers = offers.exclude(pk=except_offer.pk)
    return offers.aggregate(n=Sum("places"))["n"] or 0


def places_left(
    cohort: Cohort,
    now: dt.datetime | None = None,
    *,
    except_offer: WaitingListOffer | None = None,
) -> int:
    """Places anyone may book now: capacity less taken and offered places.

    The same rules as ``places_taken`` and ``places_offered`` (a test holds
    them equal), in one hand-written query: this runs several times in every
    booking flow, and building the equivalent ORM subqueries cost seven times
    more than running them.
    """
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _USED_SQL,
            {
                "cohort": cohort.pk,
                "now": connection.ops.adapt_datetimefield_value(now),
                "confirmed": Place.Status.CONFIRMED,
                "held": Place.Status.HELD,
                "open": WaitingListOffer.Status.OPEN,
                "except_offer": except_offer.pk if except_offer else 0,
            },
        )
        taken, offered = cursor.fetchone()
    return max(cohort.capacity - int(taken) - int(offered), 0)


# Table names come from model metadata; every value is a query parameter.
_USED_SQL = f"""
SELECT
  (SELECT COUNT(*)
     FROM {Place._meta.db_table} p
     JOIN {Order._meta.db_table} o ON o.id = p.order_id
    WHERE p.cohort_id = %(cohort)s
      AND (p.status = %(confirmed)s
           OR (p.status = %(held)s AND o.hold_expires_at > %(now)s))),
  (SELECT COALESCE(SUM(w.places), 0)
     FROM {WaitingListOffer._meta.db_table} w
    WHERE w.cohort_id = %(cohort)s AND w.status = %(open)s
      AND w.expires_at > %(now)s AND w.id <> %(except_offer)s)
"""


def lock_cohort(cohort_id: int) -> Cohort:
    """Lock the cohort row until the transaction ends and return it fresh."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_cohort must run inside transaction.atomic().")
    cohort: Cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=cohort_id)
    )
    return cohort


def lock_organisation(organisation_id: int) -> Organisation:
    """Lock the organisation row so its free places are counted one at a time."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_organisation must run inside transaction.atomic().")
    return (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("membership_tier")
        .get(pk=organisation_id)
    )


def ensure_places_left(
    cohort: Cohort,
    wanted: int,
    *,
    except_offer: WaitingListOffer | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Raise CohortFull unless ``wanted`` places are free. Call after locking."""
    left = places_left(cohort, now, except_offer=except_offer)
    if wanted > left:
        if left == 0:
            raise CohortFull(_("Sorry, this cohort is fully booked."))
        raise CohortFull(
            _("Only %(left)d places are left in this cohort.") % {"left": left}
        )


class CapacityError(BookingError):
    """A capacity change was refused; the cohort keeps its capacity."""


def check_capacity(*, cohort: Cohort, capacity: int) -> None:
    """Refuse a capacity below the places already taken (confirmed or held)."""
    if not cohort.pk:
        return
    taken = places_taken(cohort)
    if capacity < taken:
        raise CapacityError(
            _("Capacity cannot be lower than the %(taken)d places already taken.")
            % {"taken": taken},
            field="capacity",
        )


def change_capacity(*, cohort: Cohort, capacity: int, actor: Any = None) -> Cohort:
    """Set a cohort's capacity, counted under the cohort lock.

    Refuses a capacity below the places taken. Raising it offers the freed
    places to the waiting list once the change is committed.
    """
    with transaction.atomic():
        locked = lock_cohort(cohort.pk)
        check_capacity(cohort=locked, capacity=capacity)
        before = locked.capacity
        if capacity == before:
            return locked
        Cohort.objects.filter(pk=locked.pk).update(capacity=capacity)
        locked.capacity = capacity
        record(
            "bookings.cohort.capacity_changed",
            locked,
            actor=actor,
            before=before,
            after=capacity,
        )
        if capacity > before:
            from bookings.tasks import offer_free_places_task  # a task, not a cycle

            transaction.on_commit(lambda: offer_free_places_task.delay(locked.pk))
    cohort.capacity = capacity
    return locked
