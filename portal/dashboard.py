"""Reads for the account dashboard: one person's sessions, bookings and records.

Every query here is scoped to the signed-in person (or, for organisation
contacts, their organisation); the number of queries does not grow with the
number of bookings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from applications.selectors import applications_for
from bookings.models import Order, Place, WaitingListEntry, WaitingListOffer
from bookings.pricing import free_place_allowance, free_places_left
from bookings.services import can_cancel, cancellation_deadline
from cohorts.models import Cohort, Session
from community.selectors import unread_count
from cpd.selectors import certificates_for
from practice.selectors import current_partner, open_steps


@dataclass
class UpcomingSession:
    session: Session
    place: Place

    @property
    def cohort(self) -> Cohort:
        return self.session.cohort


@dataclass
class FreePlaces:
    cohort: Cohort
    allowance: int
    used: int

    @property
    def left(self) -> int:
        return free_places_left(allowance=self.allowance, used=self.used)


def _my_places(user):
    return (
        Place.objects.filter(attendee=user)
        .select_related("cohort__programme", "order")
        .prefetch_related("sessions", "cohort__sessions")
    )


def upcoming_sessions(user, now: dt.datetime | None = None) -> list[Session]:
    """Sessions still to come in the person's confirmed places (for .ics)."""
    return [item.session for item in _upcoming(user, now)]


def _upcoming(user, now=None, places=None) -> list[UpcomingSession]:
    now = now or timezone.now()
    if places is None:
        places = list(_my_places(user).filter(status=Place.Status.CONFIRMED))
    confirmed = {p.cohort_id: p for p in places if p.status == Place.Status.CONFIRMED}
    if not confirmed:
        return []
    # The places come with their cohorts' sessions (prefetched): no query here.
    sessions = sorted(
        (
            session
            for place in confirmed.values()
            for session in place.cohort.sessions.all()
            if session.ends_at >= now
        ),
        key=lambda s: (s.starts_at, s.pk),
    )
    for session in sessions:
        session.cohort = confirmed[session.cohort_id].cohort
    covered = {
        session.pk
        for place in confirmed.values()
        for session in place.covered_sessions(include_cancelled=True)
    }
    return [
        UpcomingSession(session=session, place=confirmed[session.cohort_id])
        for session in sessions
        if session.pk in covered
    ]


def _orders(user, places: list[Place]):
    """Orders the person made, and orders others made for them.

    The orders of the person's own places are known from ``places`` (read
    with their order), so this is one query on two indexes (booker, primary
    key) instead of an OR across a join with DISTINCT, which scanned every
    order as they grew.
    """
    attending = {place.order_id for place in places}
    places_qs = Place.objects.select_related("attendee").order_by("attendee_name")
    return (
        Order.objects.filter(Q(booker=user) | Q(pk__in=attending))
        .select_related("cohort__programme", "booker", "invoice")
        .prefetch_related(Prefetch("places", queryset=places_qs))
        .order_by("-created_at")
    )


def _with_cancellation(
    orders: list[Order], now, known_sessions: dict[int, list[Session]] | None = None
) -> list[Order]:
    """Mark each order with whether it may still be cancelled, and until when.

    ``can_cancel`` needs each cohort's first session: read them all at once
    so the query count does not grow with the number of bookings.
    ``known_sessions`` (cohort id to all its sessions, already read) saves
    reading them again.
    """
    firsts: dict[int, Session | None] = {
        cohort_id: min(sessions, key=lambda s: s.starts_at, default=None)
        for cohort_id, sessions in (known_sessions or {}).items()
    }
    missing = {o.cohort_id for o in orders} - set(firsts)
    if missing:
        sessions = Session.objects.filter(cohort_id__in=missing).order_by(
            "cohort_id", "starts_at"
        )
        for session in sessions:
            firsts.setdefault(session.cohort_id, session)
    for order in orders:
        # Fill the cohort's cached_property so it is not read again.
        order.cohort.__dict__["first_session"] = firsts.get(order.cohort_id)
        order.can_cancel = can_cancel(order, now)
        order.cancellation_deadline = cancellation_deadline(order.cohort)
    return orders


def _organisation_view(user, now) -> dict:
    """For organisation contacts: colleagues' places and free places left."""
    if not user.is_organisation_contact:  # before reading the organisation
        return {}
    organisation = user.organisation
    if not organisation:
        return {}
    colleagues = list(
        Place.objects.live()
        .filter(
            Q(order__organisation=organisation) | Q(attendee__organisation=organisation)
        )
        .exclude(attendee=user)
        .select_related("cohort__programme", "order")
        .order_by("cohort__programme__name", "cohort__name", "attendee_name")
    )
    tier = organisation.tier_on(timezone.localdate(now))
    allowance = free_place_allowance(organisation, on=timezone.localdate(now))
    free = []
    if allowance:
        used = dict(
            Place.objects.taken(now)
            .filter(order__organisation=organisation, is_free_place=True)
            .values_list("cohort")
            .annotate(n=Count("pk"))
        )
        cohorts = (
            Cohort.objects.filter(status__in=[Cohort.Status.OPEN, Cohort.Status.FULL])
            .filter(Q(private_to__isnull=True) | Q(private_to=organisation))
            .filter(programme__is_published=True)
            .select_related("programme")
        )
        free = [
            FreePlaces(cohort=c, allowance=allowance, used=used.get(c.pk, 0))
            for c in cohorts
        ]
    return {
        "organisation": organisation,
        "tier": tier,
        "colleague_places": colleagues,
        "free_places": free,
    }


def _group_by_cohort(places) -> list[tuple[Cohort, list[Place]]]:
    grouped: dict[int, list[Place]] = defaultdict(list)
    cohorts: dict[int, Cohort] = {}
    for place in places:
        grouped[place.cohort_id].append(place)
        cohorts[place.cohort_id] = place.cohort
    return [(cohorts[pk], grouped[pk]) for pk in grouped]


def _group_by_cohort_of(upcoming: list[UpcomingSession]):
    """[(cohort, [session, ...], place)], cohorts in the order of their next session.

    The place gives the cohort's calendar link: only the person's own sessions.
    """
    grouped: dict[int, tuple[Cohort, list[Session], Place]] = {}
    for item in upcoming:
        entry = grouped.setdefault(item.cohort.pk, (item.cohort, [], item.place))
        entry[1].append(item.session)
    return list(grouped.values())


def dashboard_for(user, now: dt.datetime | None = None) -> dict:
    """Everything the dashboard shows, for ``user`` only."""
    now = now or timezone.now()
    places = list(_my_places(user))
    certificates = list(certificates_for(user))
    waiting = (
        WaitingListEntry.objects.filter(
            user=user,
            status__in=[
                WaitingListEntry.Status.WAITING,
                WaitingListEntry.Status.OFFERED,
            ],
        )
        .select_related("programme", "cohort__programme")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=WaitingListOffer.objects.open(now).select_related("cohort"),
                to_attr="open_offers",
            )
        )
        .order_by("created_at")
    )
    organisation = _organisation_view(user, now)
    upcoming = _upcoming(user, now, places)
    return {
        "now": now,
        "upcoming": upcoming,
        "upcoming_by_cohort": _group_by_cohort_of(upcoming),
        "orders": _with_cancellation(
            list(_orders(user, places)),
            now,
            {place.cohort_id: list(place.cohort.sessions.all()) for place in places},
        ),
        "applications": list(applications_for(user)),
        "waiting_list": list(waiting),
        "certificates": certificates,
        "total_points": sum((c.points for c in certificates), Decimal("0")),
        "org": organisation,
        "colleague_cohorts": _group_by_cohort(organisation.get("colleague_places", [])),
        # Between sessions: the cohorts' spaces, open action steps, catch-ups.
        "unread_posts": unread_count(user),
        "open_steps": list(open_steps(user)[:5]),
        "partner": current_partner(user, now=now),
    }
