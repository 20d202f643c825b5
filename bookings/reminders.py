"""Emails to place holders found by periodic scans, and their calendar invites.

Registered with the notifications scan registry in ``BookingsConfig.ready``:
session reminders, the facilitator's notes after a session, unpaid invoice
reminders and the calendar invite for a confirmed place. Each email has a
unique key, so a scan that runs twice records nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from bookings.models import Invoice, Place
from cohorts.attendance import plans_by_user, what_applies
from cohorts.calendar import build_calendar, session_attachment
from cohorts.models import Cohort, Session
from notifications.batches import Recipient, queue_batch
from notifications.models import Notification
from notifications.selectors import due_stage, longest, policy_for
from notifications.services import about_key, notify

# Kinds keep their old names: templates and logged emails use them
# (registered, with whether each is optional, in bookings.email_kinds).
SESSION_REMINDER = "notifications_session_reminder"
POST_SESSION = "notifications_post_session"
INVOICE_REMINDER = "notifications_invoice_reminder"
PLACE_INVITE = "notifications_place_invite"

# Emails that carry the calendar invite for a booked place (the booking sends
# the first two with its confirmation); the invite scan skips anyone who had one.
INVITE_KINDS = (PLACE_INVITE, "bookings_confirmation", "bookings_place_confirmed")

POST_SESSION_WINDOW = dt.timedelta(days=14)
INVITE_WINDOW = dt.timedelta(days=2)
INVOICE_REMINDERS = 3


# --- Who holds a session ------------------------------------------------------


def participants(session: Session) -> QuerySet[Place]:
    """Confirmed places that include this session.

    A partial package (any three of six) lists its chosen sessions; a place
    with none chosen has them all.
    """
    return (
        Place.objects.confirmed()
        .covering(session)
        .select_related("attendee")
        .order_by("pk")
    )


def place_recipients(places: Iterable[Place]) -> list[Recipient]:
    return [
        Recipient(
            email=place.attendee_email,
            name=place.attendee_name,
            user=place.attendee,
            context={"place": place},
        )
        for place in places
    ]


def place_holders(session: Session) -> list[Recipient]:
    """Attendee source for cohorts' session changes: confirmed place holders.

    Each gets ``applies``: venue and lunch, or the joining link, as they said
    they will attend (``cohorts.attendance.what_applies``).
    """
    recipients = place_recipients(participants(session))
    plans = plans_by_user(session)
    for recipient in recipients:
        plan = plans.get(recipient.user.pk) if recipient.user else None
        recipient.context["applies"] = what_applies(session, plan)
    return recipients


# --- Session reminders --------------------------------------------------------


def sessions_starting_within(now: dt.datetime, horizon: dt.timedelta):
    return (
        Session.objects.filter(
            starts_at__gt=now, starts_at__lte=now + horizon, is_cancelled=False
        )
        .exclude(cohort__status__in=[Cohort.Status.CANCELLED, Cohort.Status.DRAFT])
        .select_related("cohort__programme__reminder_policy")
        .order_by("starts_at")
    )


def scan_session_reminders(*, now: dt.datetime) -> int:
    """Queue the 7-day and 24-hour reminders (or the programme's timings)."""
    horizon = longest("first_reminder_hours", 7 * 24)
    queued = 0
    for session in sessions_starting_within(now, horizon):
        policy = policy_for(session.cohort.programme)
        stage = due_stage(session, policy, now)
        if stage is None:
            continue
        queued += queue_batch(
            kind=SESSION_REMINDER,
            about=session,
            recipients=place_holders(session),
            cohort=session.cohort,
            context=_session_context(session, stage, now),
            attachments=[session_attachment(session)],
            # The start time is in the key: a session that moves gets its
            # reminders again at the new time, but never twice for one time.
            variant=f"{stage.name}@{session.starts_at:%Y%m%dT%H%MZ}",
        )
    return queued


def _session_context(session: Session, stage, now: dt.datetime) -> dict[str, Any]:
    return {
        "session": session,
        "cohort": session.cohort,
        "programme": session.cohort.programme,
        "stage": stage.name,
        "lead": lead_words(session.starts_at, now),
    }


def lead_words(starts_at: dt.datetime, now: dt.datetime) -> str:
    """How far off the session is, in London calendar days: 'tomorrow'..."""
    days = (timezone.localdate(starts_at) - timezone.localdate(now)).days
    if days <= 0:
        hours = max(round((starts_at - now).total_seconds() / 3600), 1)
        return "in 1 hour" if hours == 1 else f"in {hours} hours"
    if days == 1:
        return "tomorrow"
    if days == 7:
        return "in a week"
    return f"in {days} days"


# --- After a session ----------------------------------------------------------


def sessions_with_notes_ended(now: dt.datetime, within: dt.timedelta):
    """Sessions that ended recently and have the facilitator's notes filled in."""
    return (
        Session.objects.filter(
            ends_at__lte=now, ends_at__gt=now - within, is_cancelled=False
        )
        .exclude(facilitator_notes="")
        .exclude(cohort__status=Cohort.Status.CANCELLED)
        .select_related("cohort__programme__reminder_policy")
    )


def scan_post_session_notes(*, now: dt.datetime) -> int:
    """Email the facilitator's notes once a session has ended and has notes."""
    queued = 0
    for session in sessions_with_notes_ended(now, POST_SESSION_WINDOW):
        if not policy_for(session.cohort.programme).send_post_session_notes:
            continue
        queued += queue_batch(
            kind=POST_SESSION,
            about=session,
            recipients=place_holders(session),
            cohort=session.cohort,
            context={
                "session": session,
                "cohort": session.cohort,
                "programme": session.cohort.programme,
            },
        )
    return queued


# --- Invoices -----------------------------------------------------------------


def scan_unpaid_invoices(*, now: dt.datetime) -> int:
    """Remind the payer of an unpaid invoice the day after it falls due, then
    weekly: three reminders at most, each sent once."""
    today = timezone.localdate(now)
    invoices = Invoice.objects.filter(
        status=Invoice.Status.ISSUED, due_on__lt=today
    ).select_related("order__cohort__programme")
    already = set(
        Notification.objects.filter(
            kind=INVOICE_REMINDER, about_key__startswith="bookings.invoice:"
        ).values_list("about_key", "variant")
    )
    queued = 0
    for invoice in invoices:
        number = (today - invoice.due_on).days // 7 + 1
        if number > INVOICE_REMINDERS or (about_key(invoice), str(number)) in already:
            continue  # too many already, or this one was recorded on an earlier run
        sent = notify(
            kind=INVOICE_REMINDER,
            to=invoice.billing_email,
            context={
                "invoice": invoice,
                "order": invoice.order,
                "cohort": invoice.order.cohort,
                "due_on": invoice.due_on,
                "number": number,
                "name": invoice.billing_contact,
            },
            about=invoice,
            cohort=invoice.order.cohort,
            variant=str(number),
        )
        queued += sent is not None
    return queued


# --- Calendar invite for a confirmed place ------------------------------------


def place_invite_attachment(place: Place) -> tuple[str, str, str]:
    """The .ics with every session of a place (for the booking confirmation)."""
    sessions = place.covered_sessions()
    ics = build_calendar(sessions, method="REQUEST", include_private=True)
    return ("sessions.ics", ics.decode(), "text/calendar; method=REQUEST")


def send_place_invite(*, place: Place) -> Notification | None:
    """Send the calendar invite for all of a place's sessions, once.

    Bookings may call this when a place is confirmed; the periodic scan sends
    it anyway for any confirmed place that has not had it.
    """
    sessions = place.covered_sessions()
    if not sessions:
        return None
    return notify(
        kind=PLACE_INVITE,
        to=place.attendee_email,
        context={
            "place": place,
            "cohort": place.cohort,
            "programme": place.cohort.programme,
            "sessions": sessions,
            "name": place.attendee_name,
        },
        about=place,
        user=place.attendee,
        cohort=place.cohort,
        attachments=[place_invite_attachment(place)],
    )


def scan_place_invites(*, now: dt.datetime) -> int:
    """Invite recently confirmed places that have not had their invite yet."""
    # Bookings sends the invite with its confirmation; this catches places
    # confirmed any other way (the admin, an accepted application).
    invited = Notification.objects.filter(
        kind__in=INVITE_KINDS,
        cohort_id=OuterRef("cohort_id"),
        recipient_email=Lower(OuterRef("attendee_email")),
    )
    places = (
        Place.objects.confirmed()
        .filter(
            Q(order__confirmed_at__gte=now - INVITE_WINDOW)
            | Q(order__confirmed_at__isnull=True, created_at__gte=now - INVITE_WINDOW)
        )
        .exclude(Exists(invited))
        .select_related("cohort__programme", "attendee")
    )
    return sum(send_place_invite(place=place) is not None for place in places)
