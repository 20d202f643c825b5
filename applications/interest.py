"""Expressions of interest: who wants the drop-in link and the apply reminder."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from applications.errors import ApplicationError
from applications.models import ExpressionOfInterest
from cohorts.calendar import london, new_calendar, utc
from cohorts.models import Cohort
from cop.audit import record
from notifications.services import notify


def is_recruiting(cohort: Cohort, now: dt.datetime | None = None) -> bool:
    """Interest is welcome from publication until the application deadline."""
    now = now or timezone.now()
    return (
        cohort.programme.is_by_application
        and cohort.status == Cohort.Status.OPEN
        and cohort.application_deadline is not None
        and now < cohort.application_deadline
    )


def register_interest(
    *,
    cohort: Cohort,
    name: str,
    email: str,
    organisation: str = "",
    role: str = "",
    remind_before_deadline: bool = True,
    user=None,
    now: dt.datetime | None = None,
) -> ExpressionOfInterest:
    """Record the interest and email the drop-in details (with an .ics)."""
    if not is_recruiting(cohort, now):
        raise ApplicationError(_("This cohort is not recruiting at the moment."))
    email = email.strip().lower()
    try:
        with transaction.atomic():
            interest = ExpressionOfInterest.objects.create(
                cohort=cohort,
                name=name.strip(),
                email=email,
                organisation=organisation.strip(),
                role=role.strip(),
                remind_before_deadline=remind_before_deadline,
                user=user if getattr(user, "is_authenticated", False) else None,
            )
            record("applications.interest.registered", interest, actor=user)
            send_interest_email(interest)
    except IntegrityError:
        raise ApplicationError(
            _(
                "You have already registered interest in this cohort with this "
                "email address. Check your inbox for the drop-in details."
            )
        ) from None
    return interest


def send_interest_email(interest: ExpressionOfInterest) -> None:
    cohort = interest.cohort
    attachments = []
    if cohort.dropin_starts_at:
        attachments.append(
            ("drop-in.ics", dropin_calendar(cohort).decode(), "text/calendar")
        )
    notify(
        kind="applications_interest",
        to=interest.email,
        context={
            "interest": interest,
            "cohort": cohort,
            "programme": cohort.programme,
            "apply_url": settings.SITE_URL
            + reverse("applications:apply", args=[cohort.pk]),
        },
        about=interest,
        user=interest.user,
        cohort=cohort,
        attachments=attachments,
    )


def dropin_calendar(cohort: Cohort) -> bytes:
    """A one-event .ics for the drop-in information session."""
    calendar = new_calendar("PUBLISH")
    calendar.add_component(dropin_event(cohort))
    return calendar.to_ical()


def dropin_event(cohort: Cohort, *, local: bool = False) -> Event:
    """The drop-in session's event (one UID per cohort for life).

    ``local`` writes London times with a TZID (for the subscribed feed,
    which adds the VTIMEZONE).
    """
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    starts = cohort.dropin_starts_at
    if starts is None:
        raise ValueError("The cohort has no drop-in session.")
    ends = cohort.dropin_ends_at or starts + dt.timedelta(hours=1)
    when = london if local else utc
    event = Event()
    event.add("uid", f"cop-dropin-{cohort.pk}@{host}")
    event.add("dtstamp", utc(timezone.now()))
    event.add("dtstart", when(starts))
    event.add("dtend", when(ends))
    event.add("summary", f"{cohort.programme.name}: drop-in information session")
    description = [
        f"An informal online session about {cohort.programme.name} ({cohort.name})."
    ]
    if cohort.dropin_joining_link:
        event.add("location", cohort.dropin_joining_link)
        event.add("url", cohort.dropin_joining_link)
        description.append(f"Join: {cohort.dropin_joining_link}")
    else:
        event.add("location", "Online")
    if cohort.application_deadline:
        deadline = timezone.localtime(cohort.application_deadline)
        description.append(
            f"Apply by {deadline:%A} {deadline.day} {deadline:%B %Y, %H:%M} (UK time)."
        )
    event.add("description", "\n".join(description))
    return event
