"""Email this cohort: write once, merge per person, send each copy once.

``compose`` stores the message (a double-submitted form finds the one it
already made, by the form's token); ``send_cohort_message`` sends it through
the notification pipeline. Each copy's unique key is (kind, message,
recipient), so a second press, a retry or a concurrent run records nobody
twice. Messages that are not about the person's place are optional emails:
people who turned those off are recorded as skipped, not sent.
"""

from __future__ import annotations

import string
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from bookings.models import Place, WaitingListEntry
from cohorts.models import Cohort, Session
from community.models import GuestInvitation
from cop.audit import record
from cop.errors import DomainError
from cop.models import User
from cop.templatetags.cop_tags import format_when
from notifications.models import Notification
from notifications.services import about_key, build_notification, notify
from staff.email_kinds import COHORT_MESSAGE
from staff.models import CohortMessage

MERGE_FIELDS = ("first_name", "next_session", "space_link")
Audience = CohortMessage.Audience


class CohortMessageError(DomainError):
    """A message that cannot be stored or sent as written."""


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user: User | None = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else _("there")


# --- Parts that come from the cohort space (community) --------------------------


def guests_of(cohort: Cohort) -> list[Recipient]:
    """Guests invited to any of the cohort's sessions (not withdrawn)."""
    invitations = GuestInvitation.objects.filter(
        session__cohort=cohort, is_withdrawn=False
    ).order_by("name", "pk")
    return [Recipient(email=g.email, name=g.name) for g in invitations]


def space_link(cohort: Cohort) -> str:
    """The cohort space's address."""
    return settings.SITE_URL + reverse("community:space", args=[cohort.pk])


# --- Recipients and merge fields -----------------------------------------------


def recipients(cohort: Cohort, audience: str) -> list[Recipient]:
    """Who a message to ``audience`` goes to: one copy per address (1 query)."""
    found: list[Recipient]
    if audience == Audience.CONFIRMED:
        places = (
            Place.objects.confirmed()
            .filter(cohort=cohort)
            .select_related("attendee")
            .order_by("attendee_name", "pk")
        )
        found = [
            Recipient(p.attendee_email, p.attendee_name, p.attendee) for p in places
        ]
    elif audience == Audience.WAITING:
        entries = (
            WaitingListEntry.objects.filter(
                cohort=cohort,
                status__in=[
                    WaitingListEntry.Status.WAITING,
                    WaitingListEntry.Status.OFFERED,
                ],
            )
            .select_related("user")
            .order_by("position", "pk")
        )
        found = [Recipient(e.email, e.name, e.user) for e in entries]
    elif audience == Audience.APPLICANTS:
        applications = (
            Application.objects.filter(
                cohort=cohort,
                status__in=[
                    Application.Status.SUBMITTED,
                    Application.Status.SHORTLISTED,
                ],
            )
            .select_related("applicant")
            .order_by("submitted_at", "pk")
        )
        found = [
            Recipient(a.applicant.email, a.applicant.full_name, a.applicant)
            for a in applications
        ]
    elif audience == Audience.GUESTS:
        found = guests_of(cohort)
    else:
        raise CohortMessageError(_("Choose who the message is for."), field="audience")
    seen: set[str] = set()
    unique = []
    for person in found:
        key = person.email.lower()
        if key and key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def next_session(cohort: Cohort, now=None) -> Session | None:
    return (
        cohort.sessions.filter(is_cancelled=False, ends_at__gt=now or timezone.now())
        .order_by("starts_at")
        .first()
    )


def check_merge_fields(text: str, *, field: str) -> None:
    """Refuse a placeholder that is not a merge field, or unbalanced braces."""
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text)]
    except ValueError as error:
        raise CohortMessageError(
            _("Braces { } are only for merge fields; check they are paired."),
            field=field,
        ) from error
    for name in names:
        if name is not None and name not in MERGE_FIELDS:
            raise CohortMessageError(
                _("{%(name)s} is not a merge field. Use %(fields)s.")
                % {
                    "name": name,
                    "fields": ", ".join(f"{{{f}}}" for f in MERGE_FIELDS),
                },
                field=field,
            )


def merge(text: str, values: dict[str, str]) -> str:
    return text.format_map(values)


def merge_values(
    cohort: Cohort, person: Recipient, session: Session | None
) -> dict[str, str]:
    return {
        "first_name": person.first_name,
        "next_session": (
            f"{session.title}, {format_when(session.starts_at, session.ends_at)}"
            if session is not None
            else _("to be confirmed")
        ),
        "space_link": space_link(cohort),
    }


def email_context(
    *, cohort: Cohort, subject: str, body: str, person: Recipient, session
) -> dict[str, Any]:
    values = merge_values(cohort, person, session)
    return {
        "cohort": cohort,
        "subject": merge(subject, values),
        "body": merge(body, values),
    }


# --- Preview, compose, send -----------------------------------------------------


def _check(subject: str, body: str) -> None:
    if not subject.strip():
        raise CohortMessageError(_("Write a subject."), field="subject")
    if not body.strip():
        raise CohortMessageError(_("Write the message."), field="body")
    check_merge_fields(subject, field="subject")
    check_merge_fields(body, field="body")


def preview(
    *, cohort: Cohort, audience: str, subject: str, body: str, about_place: bool
) -> tuple[Notification, int]:
    """The email as the first recipient will get it (unsaved), and how many get it."""
    _check(subject, body)
    people = recipients(cohort, audience)
    if not people:
        raise CohortMessageError(
            _("Nobody is in that group yet: there is no one to write to."),
            field="audience",
        )
    person = people[0]
    email = build_notification(
        kind=COHORT_MESSAGE,
        to=person.email,
        user=person.user,
        cohort=cohort,
        optional=not about_place,
        context=email_context(
            cohort=cohort,
            subject=subject,
            body=body,
            person=person,
            session=next_session(cohort),
        ),
    )
    return email, len(people)


def compose(
    *,
    cohort: Cohort,
    audience: str,
    subject: str,
    body: str,
    about_place: bool,
    token: uuid.UUID,
    actor: User | None = None,
) -> CohortMessage:
    """Store the message once per form: the same token finds the same message."""
    _check(subject, body)
    if audience not in Audience.values:
        raise CohortMessageError(_("Choose who the message is for."), field="audience")
    existing = CohortMessage.objects.filter(token=token).first()
    if existing is not None:
        if existing.cohort_id != cohort.pk:
            raise CohortMessageError(_("This form was for another cohort."))
        return existing
    try:
        with transaction.atomic():
            message = CohortMessage.objects.create(
                cohort=cohort,
                audience=audience,
                subject=subject.strip(),
                body=body,
                about_place=about_place,
                token=token,
            )
    except IntegrityError:  # the other press of the button got there first
        return CohortMessage.objects.get(token=token)
    record("staff.cohort_message.written", message, actor=actor, cohort=cohort.pk)
    return message


def send_cohort_message(*, message: CohortMessage, actor: User | None = None) -> int:
    """Send ``message`` to its group; returns the copies recorded by this call.

    Locks the message so concurrent runs queue behind each other; the
    notification key stops any copy being recorded twice in any case.
    """
    with transaction.atomic():
        message = CohortMessage.objects.select_for_update().get(pk=message.pk)
        cohort = Cohort.objects.select_related("programme").get(pk=message.cohort_id)
        session = next_session(cohort)
        made = 0
        for person in recipients(cohort, message.audience):
            sent = notify(
                kind=COHORT_MESSAGE,
                to=person.email,
                user=person.user,
                about=message,
                cohort=cohort,
                optional=not message.about_place,
                context=email_context(
                    cohort=cohort,
                    subject=message.subject,
                    body=message.body,
                    person=person,
                    session=session,
                ),
            )
            made += sent is not None
        first_time = message.sent_at is None
        message.recipients = Notification.objects.filter(
            kind=COHORT_MESSAGE, about_key=about_key(message)
        ).count()
        message.sent_at = message.sent_at or timezone.now()
        message.save(update_fields=["recipients", "sent_at"])
        if first_time or made:
            record(
                "staff.cohort_message.sent",
                message,
                actor=actor,
                cohort=cohort.pk,
                audience=message.audience,
                copies=made,
            )
    return made


def copies(message: CohortMessage):
    """The message's copies in the email log."""
    return Notification.objects.filter(
        kind=COHORT_MESSAGE, about_key=about_key(message)
    )
