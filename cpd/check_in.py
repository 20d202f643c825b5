"""Self check-in for in-person sessions.

The facilitator shows a short code (and a QR code linking to it) in the
room; a signed-in participant with a place enters it during the session
window and is marked present.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.audit import record
from cop.errors import DomainError
from cop.templatetags.cop_tags import format_when
from cpd.attendance import record_attendance, register_places
from cpd.models import Attendance, SessionCheckIn

OPENS_BEFORE = dt.timedelta(minutes=30)
MAX_WRONG_CODES = 10
WRONG_CODE_WINDOW = 15 * 60  # seconds


class CheckInError(DomainError):
    """Check-in refused; the message tells the participant why."""


def window(session) -> tuple[dt.datetime, dt.datetime]:
    """Check-in opens half an hour before the start and closes at the end."""
    return session.starts_at - OPENS_BEFORE, session.ends_at


def open_check_in(*, session, actor) -> SessionCheckIn:
    """The session's check-in code, created on first use."""
    if not session.is_in_person:
        raise CheckInError(_("Self check-in is for in-person sessions."))
    if session.is_cancelled:
        raise CheckInError(_("This session is cancelled."))
    existing = SessionCheckIn.objects.filter(session=session).first()
    if existing:
        return existing
    for _attempt in range(5):  # a clash of random codes is rare; retry it
        try:
            with transaction.atomic():
                check_in = SessionCheckIn.objects.create(
                    session=session, opened_by=actor
                )
                record("cpd.check_in.opened", session, actor=actor)
                return check_in
        except IntegrityError:
            existing = SessionCheckIn.objects.filter(session=session).first()
            if existing:
                return existing
    raise CheckInError(_("Could not create a code; please try again."))


def _too_many_attempts(user) -> bool:
    return cache.get(f"cpd:checkin:wrong:{user.pk}", 0) >= MAX_WRONG_CODES


def _count_wrong(user) -> None:
    key = f"cpd:checkin:wrong:{user.pk}"
    cache.add(key, 0, WRONG_CODE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WRONG_CODE_WINDOW)


def check_in(*, user, code: str, now: dt.datetime | None = None) -> Attendance:
    """Mark ``user`` present at the session whose code they entered."""
    now = now or timezone.now()
    if _too_many_attempts(user):
        raise CheckInError(_("Too many wrong codes. Please ask the facilitator."))
    code = "".join(code.split()).upper()
    entry = (
        SessionCheckIn.objects.select_related("session__cohort__programme")
        .filter(code=code)
        .first()
    )
    if entry is None:
        _count_wrong(user)
        raise CheckInError(_("That code is not right. Check it and try again."))
    session = entry.session
    opens, closes = window(session)
    if now < opens:
        raise CheckInError(
            _("Check-in for this session opens at %(time)s.")
            % {"time": format_when(opens)}
        )
    if now > closes or session.is_cancelled:
        raise CheckInError(_("Check-in for this session has closed."))
    place = register_places(session).filter(attendee=user).first()
    if place is None:
        raise CheckInError(
            _(
                "You do not have a confirmed place at this session. Please speak to "
                "the facilitator."
            )
        )
    current = Attendance.objects.filter(session=session, place=place).first()
    if current and current.status == Attendance.Status.ATTENDED:
        return current
    return record_attendance(
        session=session,
        place=place,
        status=Attendance.Status.ATTENDED,
        minutes_present=None,
        activity_completed=bool(current and current.activity_completed),
        actor=user,
        source=Attendance.Source.CHECK_IN,
    )
