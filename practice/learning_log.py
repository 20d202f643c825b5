"""The CPD learning log: self-directed learning and catch-ups, in minutes.

Rules: the entry belongs to one of the person's confirmed places (the cohort
whose CPD it may count towards); the day is not in the future; nobody logs
more than 24 hours on one day, across all their entries.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Place
from cop.models import User
from practice.errors import PracticeError
from practice.models import MINUTES_IN_A_DAY, CpdLogEntry


def log_learning(
    *,
    user,
    place: Place,
    what: str,
    on: dt.date,
    minutes: int,
    kind: str = CpdLogEntry.Kind.SELF_DIRECTED,
    today: dt.date | None = None,
) -> CpdLogEntry:
    """Add one entry to the person's CPD log."""
    today = today or timezone.localdate()
    what = (what or "").strip()
    if not what:
        raise PracticeError(_("Say what you did."), field="what")
    if len(what) > 300:
        raise PracticeError(_("Keep it to 300 characters."), field="what")
    if kind not in CpdLogEntry.Kind.values:
        raise PracticeError(_("Choose the kind of learning."), field="kind")
    if on is None:
        raise PracticeError(_("Give the date."), field="on")
    if on > today:
        raise PracticeError(
            _("Log learning on or after the day you do it."), field="on"
        )
    if minutes is None or minutes < 1:
        raise PracticeError(_("Give the time in minutes, at least 1."), field="minutes")
    if minutes > MINUTES_IN_A_DAY:
        raise PracticeError(
            _("A day has 24 hours (1,440 minutes); log less than that."),
            field="minutes",
        )
    if place.attendee_id != user.pk or place.status != Place.Status.CONFIRMED:
        raise PracticeError(_("Choose one of your own cohorts."), field="place")
    with transaction.atomic():
        # Lock the person so two entries at once cannot both pass the check.
        User.objects.select_for_update().filter(pk=user.pk).first()
        logged = (
            CpdLogEntry.objects.filter(user=user, on=on).aggregate(
                total=Sum("minutes")
            )["total"]
            or 0
        )
        if logged + minutes > MINUTES_IN_A_DAY:
            raise PracticeError(
                _(
                    "That would make more than 24 hours of learning on %(day)s "
                    "(%(logged)d minutes are logged already)."
                )
                % {"day": f"{on:%A} {on.day} {on:%B %Y}", "logged": logged},
                field="minutes",
            )
        return CpdLogEntry.objects.create(
            user=user, place=place, what=what, on=on, minutes=minutes, kind=kind
        )


def delete_entry(*, user, entry: CpdLogEntry) -> None:
    if entry.user_id != user.pk:
        raise PracticeError(_("You can only remove your own entries."))
    entry.delete()
