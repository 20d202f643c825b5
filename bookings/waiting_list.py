"""The waiting list: join, leave, see your position, get offered a place.

An offer keeps places for one entry until it expires (they count as taken in
``capacity.places_left``), so the public cannot take a place that is being
offered. ``offer_free_places`` is safe to run at any time and from anywhere:
after a cancellation, a released hold, a raised capacity, or on a schedule.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import capacity, emails
from bookings.errors import BookingError
from bookings.models import Place, WaitingListEntry, WaitingListOffer
from cohorts.models import Cohort, Programme
from cop.audit import record

MAX_PLACES_WANTED = 20


def offer_hours() -> int:
    return int(settings.WAITING_LIST_OFFER_HOURS)


def join_waiting_list(
    *,
    programme: Programme,
    cohort: Cohort | None,
    name: str,
    email: str,
    places_wanted: int = 1,
    user=None,
    organisation=None,
    now: dt.datetime | None = None,
) -> WaitingListEntry:
    """Add someone to the list for a cohort, or for any future cohort (None)."""
    now = now or timezone.now()
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise BookingError(_("Give your name."))
    try:
        validate_email(email)
    except ValidationError:
        raise BookingError(_("Enter a valid email address.")) from None
    if not 1 <= places_wanted <= MAX_PLACES_WANTED:
        raise BookingError(
            _("Ask for between 1 and %(n)d places.") % {"n": MAX_PLACES_WANTED}
        )
    if cohort is not None and cohort.programme_id != programme.pk:
        raise BookingError(_("That cohort is not part of this programme."))
    if cohort is not None and (
        cohort.has_started(now)
        or cohort.status in {Cohort.Status.FINISHED, Cohort.Status.CANCELLED}
    ):
        raise BookingError(
            _("This cohort has started; join the list for the next one.")
        )
    with transaction.atomic():
        # Lock the programme so two joins get distinct positions.
        Programme.objects.select_for_update().get(pk=programme.pk)
        if cohort is not None:
            _ensure_worth_waiting(cohort, email, user, places_wanted, now)
        active = WaitingListEntry.objects.filter(
            programme=programme,
            cohort=cohort,
            email=email,
            status__in=[
                WaitingListEntry.Status.WAITING,
                WaitingListEntry.Status.OFFERED,
            ],
        )
        if active.exists():
            raise BookingError(
                _("%(email)s is already on this waiting list.") % {"email": email}
            )
        last = WaitingListEntry.objects.filter(programme=programme).aggregate(
            m=Max("position")
        )["m"]
        entry = WaitingListEntry.objects.create(
            programme=programme,
            cohort=cohort,
            name=name,
            email=email,
            user=user if getattr(user, "is_authenticated", False) else None,
            organisation=organisation,
            places_wanted=places_wanted,
            position=(last or 0) + 1,
            created_at=now,
        )
        record("bookings.waiting_list.joined", entry, actor=user, places=places_wanted)
        emails.send_waiting_list_joined(entry, position(entry))
    return entry


class PlacesAvailable(BookingError):  # noqa: N818 - reads as a sentence
    """The cohort has the places wanted free now: book instead of waiting."""


def _ensure_worth_waiting(cohort: Cohort, email: str, user, wanted: int, now) -> None:
    """Refuse to queue someone who holds a place, or for places free now.

    Someone with a place may still wait for several places: an organisation
    contact queueing for colleagues.
    """
    holders = Place.objects.live().filter(cohort=cohort)
    mine = Q(attendee_email__iexact=email)
    if getattr(user, "is_authenticated", False):
        mine |= Q(attendee=user)
    if wanted == 1 and holders.filter(mine).exists():
        raise BookingError(
            _("You already have a place in this cohort, so there is no need to wait.")
        )
    bookable = (
        cohort.status == Cohort.Status.OPEN and not cohort.programme.is_by_application
    )
    if bookable and capacity.places_left(cohort, now) >= wanted:
        raise PlacesAvailable(
            _("There are places free in this cohort: you can book now.")
        )


def acts_for(entry: WaitingListEntry, user) -> bool:
    """Whether this person may use the entry's links: see it, leave, take an offer.

    The account that joined the list (an organisation contact waiting for
    several places included), or whoever signs in with the email address
    the entry was made for: people who joined without an account act once
    they sign in or sign up with that address. Nobody else, and nobody
    signed out, whoever holds the link.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if entry.user_id is not None and entry.user_id == user.pk:
        return True
    return bool(user.email) and user.email.strip().lower() == entry.email.lower()


def leave_waiting_list(*, entry: WaitingListEntry, actor=None) -> None:
    """The person takes themselves off the list (from their email link)."""
    _end_entry(
        entry=entry,
        status=WaitingListEntry.Status.LEFT,
        action="bookings.waiting_list.left",
        actor=actor,
    )


def remove_from_waiting_list(*, entry: WaitingListEntry, actor) -> bool:
    """Staff take someone off the list; their open offer is withdrawn.

    Only entries still waiting or holding an offer are removed. Someone who
    left by themselves, booked, or let an offer expire keeps that status (and
    the audit trail keeps saying so); the answer is False for them.
    """
    return _end_entry(
        entry=entry,
        status=WaitingListEntry.Status.REMOVED,
        action="bookings.waiting_list.removed",
        actor=actor,
    )


def _end_entry(*, entry: WaitingListEntry, status: str, action: str, actor) -> bool:
    with transaction.atomic():
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if not entry.is_active:
            return False
        entry.status = status
        entry.save(update_fields=["status"])
        withdrawn = entry.offers.filter(status=WaitingListOffer.Status.OPEN)
        cohort_ids = list(withdrawn.values_list("cohort_id", flat=True))
        withdrawn.update(status=WaitingListOffer.Status.WITHDRAWN)
        record(action, entry, actor=actor)
        for cohort_id in cohort_ids:
            _offer_after_commit(cohort_id)
    return True


def waiting_entries_for(cohort: Cohort):
    """Entries that may be offered a place in this cohort, first first."""
    return WaitingListEntry.objects.filter(
        Q(cohort=cohort) | Q(cohort__isnull=True, programme_id=cohort.programme_id),
        status=WaitingListEntry.Status.WAITING,
    ).order_by("position", "created_at", "pk")


def position(entry: WaitingListEntry) -> int:
    """1 for the next in line. Counts everyone still waiting ahead."""
    if entry.cohort_id:
        scope = Q(cohort_id=entry.cohort_id) | Q(cohort__isnull=True)
    else:
        scope = Q()
    ahead = (
        WaitingListEntry.objects.filter(
            scope,
            programme_id=entry.programme_id,
            status=WaitingListEntry.Status.WAITING,
        )
        .filter(
            Q(position__lt=entry.position)
            | Q(position=entry.position, created_at__lt=entry.created_at)
        )
        .exclude(pk=entry.pk)
        .count()
    )
    return ahead + 1


def offer_free_places(
    *, cohort_id: int, now: dt.datetime | None = None
) -> list[WaitingListOffer]:
    """Offer any free places in the cohort to the next people waiting."""
    now = now or timezone.now()
    offers: list[WaitingListOffer] = []
    with transaction.atomic():
        cohort = capacity.lock_cohort(cohort_id)
        if cohort.has_started(now) or cohort.status not in {
            Cohort.Status.OPEN,
            Cohort.Status.FULL,
        }:
            return offers
        left = capacity.places_left(cohort, now)
        for entry in waiting_entries_for(cohort).select_for_update():
            if left <= 0:
                break
            offers.append(
                _make_offer(entry, cohort, min(entry.places_wanted, left), now)
            )
            left -= offers[-1].places
    return offers


def _make_offer(entry, cohort, places: int, now) -> WaitingListOffer:
    offer = WaitingListOffer.objects.create(
        entry=entry,
        cohort=cohort,
        places=places,
        created_at=now,
        expires_at=now + dt.timedelta(hours=offer_hours()),
    )
    entry.status = WaitingListEntry.Status.OFFERED
    entry.save(update_fields=["status"])
    record("bookings.waiting_list.offered", entry, cohort=cohort.pk, places=places)
    emails.send_waiting_list_offer(offer)
    return offer


def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Close offers past their time; their places go to the next in line."""
    now = now or timezone.now()
    cohort_ids = set()
    with transaction.atomic():
        stale = WaitingListOffer.objects.select_for_update().filter(
            status=WaitingListOffer.Status.OPEN, expires_at__lte=now
        )
        for offer in stale:
            offer.status = WaitingListOffer.Status.EXPIRED
            offer.save(update_fields=["status"])
            WaitingListEntry.objects.filter(
                pk=offer.entry_id, status=WaitingListEntry.Status.OFFERED
            ).update(status=WaitingListEntry.Status.EXPIRED)
            record("bookings.waiting_list.offer_expired", offer.entry)
            cohort_ids.add(offer.cohort_id)
        for cohort_id in cohort_ids:
            _offer_after_commit(cohort_id)
    return len(cohort_ids)


def move_to_top(*, entry: WaitingListEntry, actor) -> None:
    """Put an entry first in its programme's list (staff)."""
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=entry.programme_id)
        WaitingListEntry.objects.filter(programme_id=entry.programme_id).exclude(
            pk=entry.pk
        ).update(position=F("position") + 1)
        WaitingListEntry.objects.filter(pk=entry.pk).update(position=0)
        record("bookings.waiting_list.moved_to_top", entry, actor=actor)


def next_open_cohort(entry: WaitingListEntry) -> Cohort | None:
    """The soonest open cohort of the entry's programme that has not started."""
    return (
        Cohort.objects.filter(
            programme_id=entry.programme_id, status=Cohort.Status.OPEN
        )
        .filter(sessions__starts_at__gt=timezone.now())
        .distinct()
        .order_by("sessions__starts_at")
        .first()
    )


def promote(
    *, entry: WaitingListEntry, cohort: Cohort, actor, now: dt.datetime | None = None
) -> WaitingListOffer:
    """Staff offer places to this entry now, ahead of the queue."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort = capacity.lock_cohort(cohort.pk)
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != WaitingListEntry.Status.WAITING:
            raise BookingError(_("Only people still waiting can be offered a place."))
        if entry.programme_id != cohort.programme_id:
            raise BookingError(_("That cohort is not part of this programme."))
        if cohort.has_started(now):
            raise BookingError(_("This cohort has started, so no offers go out."))
        left = capacity.places_left(cohort, now)
        if left <= 0:
            raise capacity.CohortFull(_("There are no free places to offer."))
        offer = _make_offer(entry, cohort, min(entry.places_wanted, left), now)
        record("bookings.waiting_list.promoted", entry, actor=actor)
    return offer


def _offer_after_commit(cohort_id: int) -> None:
    from bookings.tasks import offer_free_places_task

    transaction.on_commit(lambda: offer_free_places_task.delay(cohort_id))
