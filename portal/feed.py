"""The person's private calendar feed: every session they go to, kept up to date.

A calendar app subscribes to ``/calendar/<token>.ics`` (offered as
``webcal://``) and re-reads it every few hours. The feed holds the sessions
of the person's confirmed places (cancelled sessions stay, marked
CANCELLED, so subscribed calendars remove them), drop-in sessions they
registered for, and guest invitations (``guest_sessions``, for the
community app to fill). Each event keeps its UID for life and carries the
session's SEQUENCE, so a moved session moves in the calendar.

Times are London wall-clock times with a TZID, and the calendar carries a
VTIMEZONE for every TZID it uses (RFC 5545).

The token is the only key: resetting it (from the profile) makes the old URL
answer 404. Another person's token shows that person's feed, so tokens are
long, random and never shown to anyone else.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.interest import dropin_event
from applications.models import ExpressionOfInterest
from bookings.models import Place
from cohorts.calendar import finish_local, new_calendar, session_event
from cohorts.models import Cohort, Session
from cop.audit import record
from cop.models import User
from cop.privacy import verified_emails
from portal.models import CalendarFeed, new_feed_token

# Past sessions kept in the feed, so last month's still show in the calendar.
KEEP_PAST = dt.timedelta(days=90)


def feed_for(user: User) -> CalendarFeed:
    """The person's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_feed(*, user: User) -> CalendarFeed:
    """Give the person a new feed URL; the old one answers 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    record("portal.calendar_feed.reset", user, actor=user)
    return feed


def feed_urls(feed: CalendarFeed) -> dict[str, str]:
    """The https URL and the ``webcal://`` one calendar apps subscribe to."""
    path = reverse("portal:calendar_feed", args=[feed.token])
    https = settings.SITE_URL.rstrip("/") + path
    webcal = "webcal://" + https.split("://", 1)[1]
    return {"https": https, "webcal": webcal}


def guest_sessions(user: User) -> list[Session]:
    """Sessions the person is invited to as a guest (by their verified emails)."""
    return list(
        Session.objects.filter(
            community_guests__email__in=verified_emails(user),
            community_guests__is_withdrawn=False,
        )
        .select_related("cohort__programme")
        .distinct()
    )


def sessions_for(user: User, now: dt.datetime | None = None) -> list[Session]:
    """Sessions of confirmed places (covered ones), and guest invitations."""
    now = now or timezone.now()
    places = (
        Place.objects.filter(attendee=user, status=Place.Status.CONFIRMED)
        .select_related("cohort")
        .prefetch_related("sessions", "cohort__sessions")
    )
    ids = {
        session.pk
        for place in places
        for session in place.covered_sessions(include_cancelled=True)
    }
    ids |= {session.pk for session in guest_sessions(user)}
    return list(
        Session.objects.filter(pk__in=ids, ends_at__gte=now - KEEP_PAST)
        .select_related("cohort__programme")
        .order_by("starts_at")
    )


def dropins_for(user: User, now: dt.datetime | None = None) -> list[Cohort]:
    """Cohorts whose drop-in session the person registered for."""
    now = now or timezone.now()
    cohort_ids = ExpressionOfInterest.objects.filter(user=user).values("cohort_id")
    return list(
        Cohort.objects.filter(
            pk__in=cohort_ids,
            dropin_starts_at__isnull=False,
            dropin_starts_at__gte=now - KEEP_PAST,
        ).select_related("programme")
    )


def build_feed(user: User, now: dt.datetime | None = None) -> bytes:
    """The feed's .ics body (joining links included: it is the person's own)."""
    now = now or timezone.now()
    calendar = new_calendar("PUBLISH")
    calendar.add("x-wr-calname", f"{settings.PROVIDER_NAME}: my sessions")
    calendar.add(
        "refresh-interval", dt.timedelta(hours=4), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT4H")
    for session in sessions_for(user, now):
        calendar.add_component(
            session_event(session, now=now, include_private=True, local=True)
        )
    for cohort in dropins_for(user, now):
        calendar.add_component(dropin_event(cohort, local=True))
    return finish_local(calendar)


def user_for_token(token: str) -> User | None:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.user
