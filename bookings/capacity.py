"""Capacity: how many places a cohort has left, counted under a row lock.

Every write that takes a place must call ``lock_cohort`` inside
``transaction.atomic()`` first and count afterwards; counting before the lock
lets two requests both see the last place free.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.errors import BookingError
from bookings.models import Place, WaitingListOffer
from cohorts.models import Cohort
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

    One query (two scalar subqueries): this runs on every cohort page view.
    """
    now = now or timezone.now()
    taken = (
        Place.objects.filter(cohort=OuterRef("pk"))
        .taken(now)
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    offers = WaitingListOffer.objects.filter(cohort=OuterRef("pk")).open(now)
    if except_offer is not None:
        offers = offers.exclude(pk=except_offer.pk)
    offered = offers.order_by().values("cohort").annotate(n=Sum("places")).values("n")
    used = (
        Cohort.objects.filter(pk=cohort.pk)
        .annotate(
            taken=Coalesce(Subquery(taken), 0),
            offered=Coalesce(Subquery(offered), 0),
        )
        .values_list("taken", "offered")
        .get()
    )
    return max(cohort.capacity - sum(used), 0)


def lock_cohort(cohort_id: int) -> Cohort:
    """Lock the cohort row until the transaction ends and return it fresh."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_cohort must run inside transaction.atomic().")
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=cohort_id)
    )


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
