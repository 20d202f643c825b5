"""Periodic scans that find due emails in the database and queue them.

Beat runs ``scan_all`` every few minutes. Nothing is scheduled as a delayed
task: a session that moves is simply found at its new time, and a scan that
runs twice (or in two beat processes at once) records nothing new because
each email's unique key already exists.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

from bookings.models import Invoice, Place
from cohorts.calendar import build_calendar
from cohorts.models import Cohort, Session
from notifications import kinds, selectors
from notifications.models import Notification, ReminderPolicy
from notifications.services import (
    about_key,
    build_notification,
    dispatch,
    notify,
    record_many,
)
from notifications.unsubscribe import opted_out_among

logger = logging.getLogger(__name__)

POST_SESSION_WINDOW = dt.timedelta(days=14)
INVITE_WINDOW = dt.timedelta(days=2)
INVOICE_REMINDERS = 3


def scan_all(*, now: dt.datetime | None = None) -> int:
    """Run every scan; returns how many emails were queued."""
    now = now or timezone.now()
    return (
        scan_session_reminders(now=now)
        + scan_post_session_notes(now=now)
        + scan_application_deadlines(now=now)
        + scan_unpaid_invoices(now=now)
        + scan_place_invites(now=now)
    )


# --- Building blocks ----------------------------------------------------------


def session_attachment(session: Session, *, method: str = "REQUEST") -> tuple:
    """The session's .ics, with the joining link (participants only)."""
    ics = build_calendar([session], method=method, include_private=True)
    return (
        f"session-{session.number}.ics",
        ics.decode(),
        f"text/calendar; method={method}",
    )


def queue_for_places(
    *,
    kind: str,
    about: models.Model,
    places: Iterable[Place],
    cohort: Cohort,
    context: dict[str, Any],
    attachments: Iterable[tuple] = (),
    variant: str = "",
) -> int:
    """Record one email per place not yet sent this one, then send them.

    A fixed number of queries per call, whatever the number of places: one
    for who already has it, two for opt-outs, batched inserts, one claim.
    """
    key = about_key(about)
    done = selectors.already_notified(kind=kind, about_key=key, variant=variant)
    todo = [p for p in places if p.attendee_email.lower() not in done]
    if not todo:
        return 0
    optional = kinds.is_optional(kind)
    opted = opted_out_among({p.attendee_email for p in todo}) if optional else set()
    attachments = list(attachments)
    rows = [
        build_notification(
            kind=kind,
            to=place.attendee_email,
            context={**context, "place": place, "name": place.attendee_name},
            about=about,
            user=place.attendee,
            cohort=cohort,
            attachments=attachments,
            variant=variant,
            optional=optional,
            opted_out=place.attendee_email.lower() in opted,
        )
        for place in todo
    ]
    with transaction.atomic():
        record_many(rows)
        dispatch(
            Notification.objects.filter(
                kind=kind,
                about_key=key,
                variant=variant,
                status=Notification.Status.QUEUED,
                enqueued_at__isnull=True,
            )
        )
    return len(rows)


def _longest(field: str, default: int) -> dt.timedelta:
    hours = ReminderPolicy.objects.aggregate(longest=Max(field))["longest"]
    return dt.timedelta(hours=max(hours or 0, default))


# --- Session reminders --------------------------------------------------------


def scan_session_reminders(*, now: dt.datetime) -> int:
    """Queue the 7-day and 24-hour reminders (or the programme's timings)."""
    horizon = _longest("first_reminder_hours", 7 * 24)
    queued = 0
    for session in selectors.sessions_starting_within(now, horizon):
        policy = selectors.policy_for(session.cohort.programme)
        stage = selectors.due_stage(session, policy, now)
        if stage is None:
            continue
        queued += queue_for_places(
            kind=kinds.SESSION_REMINDER,
            about=session,
            places=selectors.participants(session),
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


def scan_post_session_notes(*, now: dt.datetime) -> int:
    """Email the facilitator's notes once a session has ended and has notes."""
    queued = 0
    for session in selectors.sessions_with_notes_ended(now, POST_SESSION_WINDOW):
        if not selectors.policy_for(session.cohort.programme).send_post_session_notes:
            continue
        queued += queue_for_places(
            kind=kinds.POST_SESSION,
            about=session,
            places=selectors.participants(session),
            cohort=session.cohort,
            context={
                "session": session,
                "cohort": session.cohort,
                "programme": session.cohort.programme,
            },
        )
    return queued


# --- Applications -------------------------------------------------------------


def scan_application_deadlines(*, now: dt.datetime) -> int:
    """Remind people who expressed interest but have not applied, 48 h before."""
    horizon = _longest("application_deadline_hours", 48)
    cohorts = (
        Cohort.objects.filter(
            status=Cohort.Status.OPEN,
            application_deadline__gt=now,
            application_deadline__lte=now + horizon,
        )
        .select_related("programme__reminder_policy")
        .order_by("application_deadline")
    )
    queued = 0
    for cohort in cohorts:
        policy = selectors.policy_for(cohort.programme)
        hours = dt.timedelta(hours=policy.application_deadline_hours)
        if cohort.application_deadline - now > hours:
            continue
        variant = f"{cohort.application_deadline:%Y%m%dT%H%MZ}"
        done = selectors.already_notified(
            kind=kinds.APPLICATION_DEADLINE,
            about_key=about_key(cohort),
            variant=variant,
        )
        for person in selectors.interested_without_application(cohort):
            if person.email.lower() in done:
                continue  # skip rendering an email the unique key would refuse
            sent = notify(
                kind=kinds.APPLICATION_DEADLINE,
                to=person.email,
                context={
                    "cohort": cohort,
                    "programme": cohort.programme,
                    "name": person.name,
                },
                about=cohort,
                user=getattr(person, "user", None),
                cohort=cohort,
                # A deadline that is extended gets its own reminder.
                variant=variant,
            )
            queued += sent is not None
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
            kind=kinds.INVOICE_REMINDER, about_key__startswith="bookings.invoice:"
        ).values_list("about_key", "variant")
    )
    queued = 0
    for invoice in invoices:
        number = (today - invoice.due_on).days // 7 + 1
        if number > INVOICE_REMINDERS or (about_key(invoice), str(number)) in already:
            continue  # too many already, or this one was recorded on an earlier run
        sent = notify(
            kind=kinds.INVOICE_REMINDER,
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
        kind=kinds.PLACE_INVITE,
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
        kind__in=kinds.INVITE_KINDS,
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
