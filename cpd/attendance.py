"""The attendance register: who is expected at a session and what happened.

Every change goes through ``record_attendance`` so it is audited with who
recorded it and when.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Place
from cop.audit import record
from cop.errors import DomainError
from cop.templatetags.cop_tags import format_when
from cpd.models import Attendance


class AttendanceError(DomainError):
    """A register change that cannot be made; the message says why."""


@dataclass(frozen=True)
class Mark:
    """One line of a register as submitted."""

    place_id: int
    status: str
    minutes_present: int | None = None
    activity_completed: bool = False


def register_places(session) -> models.QuerySet:
    """Confirmed places expected at ``session``.

    A place with chosen sessions (a partial package) is expected only at
    those; a place with none chosen is expected at all of them.
    """

    return (
        Place.objects.confirmed()
        .covering(session)
        .select_related("attendee")
        .order_by("attendee_name", "pk")
    )


def register_rows(session) -> list[tuple[Place, Attendance | None]]:
    """(place, attendance or None) for each participant expected at a session."""
    places = list(register_places(session))
    existing = {
        a.place_id: a
        for a in Attendance.objects.filter(session=session).select_related(
            "recorded_by"
        )
    }
    return [(place, existing.get(place.pk)) for place in places]


def has_started(session, now=None) -> bool:
    return session.starts_at <= (now or timezone.now())


def _check(session, status: str, minutes: int | None, source: str) -> None:
    if status not in Attendance.Status.values:
        raise AttendanceError(
            _("Choose attended, absent or sent apologies."), field="status"
        )
    # Nobody can have attended a session that has not happened; apologies and
    # absences may be known in advance. Self check-in has its own window,
    # which opens a little before the start.
    in_advance = not has_started(session) and source != Attendance.Source.CHECK_IN
    if in_advance and (status == Attendance.Status.ATTENDED or minutes is not None):
        raise AttendanceError(
            _(
                "Session %(number)d has not started yet (%(when)s). Record "
                "attendance once it has; apologies can be recorded now."
            )
            % {"number": session.number, "when": format_when(session.starts_at)},
            field="status",
        )
    if minutes is not None:
        length = int(session.duration.total_seconds() // 60)
        if minutes < 0 or minutes > length:
            raise AttendanceError(
                _("Minutes present must be between 0 and %(length)d.")
                % {"length": length},
                field="minutes_present",
            )
        if status != Attendance.Status.ATTENDED and minutes:
            raise AttendanceError(
                _("Only someone who attended can have minutes present."),
                field="minutes_present",
            )


def record_attendance(
    *,
    session,
    place,
    status: str,
    minutes_present: int | None = None,
    activity_completed: bool = False,
    actor=None,
    source: str = Attendance.Source.REGISTER,
) -> Attendance:
    """Create or change one register entry; audited when anything changes."""
    _check(session, status, minutes_present, source)
    if place.cohort_id != session.cohort_id:
        raise AttendanceError(_("That participant is not in this cohort."))
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update()
            .filter(session=session, place=place)
            .first()
        )
        new = {
            "status": status,
            "minutes_present": minutes_present,
            "activity_completed": activity_completed,
        }
        if attendance is None:
            attendance = Attendance(session=session, place=place)
            old = None
        else:
            old = {key: getattr(attendance, key) for key in new}
            if old == new:
                return attendance
        for key, value in new.items():
            setattr(attendance, key, value)
        attendance.source = source
        attendance.recorded_by = actor if getattr(actor, "pk", None) else None
        attendance.recorded_at = timezone.now()
        attendance.save()
        record(
            "cpd.attendance.recorded",
            attendance,
            actor=actor,
            session=session.pk,
            place=place.pk,
            source=source,
            old=old,
            new=new,
        )
    return attendance


@dataclass(frozen=True)
class RegisterResult:
    """What saving a register did: lines saved, and each refused line's reason."""

    saved: int
    refused: dict[int, AttendanceError]  # by place id


def record_register(*, session, marks: list[Mark], actor) -> RegisterResult:
    """Save a register line by line: every valid line is kept, and each refused
    line is returned with its reason (it changes nothing) so the page can show
    it beside that line."""
    places = {p.pk: p for p in register_places(session)}
    refused: dict[int, AttendanceError] = {}
    with transaction.atomic():
        for mark in marks:
            place = places.get(mark.place_id)
            if place is None:
                refused[mark.place_id] = AttendanceError(
                    _("This person is not on this session's register.")
                )
                continue
            try:
                with transaction.atomic():  # a refused line rolls back alone
                    record_attendance(
                        session=session,
                        place=place,
                        status=mark.status,
                        minutes_present=mark.minutes_present,
                        activity_completed=mark.activity_completed,
                        actor=actor,
                    )
            except AttendanceError as error:
                refused[mark.place_id] = error
    return RegisterResult(saved=len(marks) - len(refused), refused=refused)
