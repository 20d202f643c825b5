"""The periodic scans: "how did it go?" nudges and automatic catch-up rounds.

Nudges: a few days before a session (the programme's ``nudge_days_before``,
three by default), everyone with an open step set after an earlier session
of that cohort gets one email per step, ever. The notification's unique key
(kind, step, recipient) is what keeps it to one, also when two schedulers
run the scan at the same moment.

Automatic rounds: for programmes that ask for them, the day after a session
ends a round is drawn and introduced. The one-round-per-session constraint
keeps it to one.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError
from django.utils import timezone

from cohorts.models import Session
from notifications.services import notify
from practice import kinds
from practice.catchups import next_session, send_introductions, start_round
from practice.errors import PracticeError
from practice.models import ActionStep, PracticeSettings

logger = logging.getLogger(__name__)

LONGEST_NUDGE = dt.timedelta(days=14)
AUTOMATIC_ROUND_AFTER = dt.timedelta(days=1)
AUTOMATIC_ROUND_WINDOW = dt.timedelta(days=7)


def scan_all(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return scan_nudges(now=now) + scan_automatic_rounds(now=now)


def _nudge_due(session: Session, now: dt.datetime) -> bool:
    days = PracticeSettings.for_programme(session.cohort.programme).nudge_days_before
    return session.starts_at - dt.timedelta(days=days) <= now < session.starts_at


def scan_nudges(*, now: dt.datetime) -> int:
    """Queue the nudges that are due; returns how many were newly queued."""
    queued = 0
    upcoming = (
        Session.objects.filter(
            starts_at__gt=now,
            starts_at__lte=now + LONGEST_NUDGE,
            is_cancelled=False,
        )
        .select_related("cohort__programme")
        .order_by("starts_at")
    )
    for session in upcoming:
        if not _nudge_due(session, now):
            continue
        steps = (
            ActionStep.objects.open()
            .filter(
                place__cohort_id=session.cohort_id,
                place__status="confirmed",
                session__starts_at__lt=session.starts_at,
            )
            .select_related("owner", "session")
        )
        for step in steps:
            made = notify(
                kind=kinds.NUDGE,
                to=step.owner.email,
                user=step.owner,
                about=step,
                cohort=session.cohort,
                optional=kinds.OPTIONAL[kinds.NUDGE],
                context={
                    "name": step.owner.get_short_name(),
                    "step": step,
                    "next_session": session,
                    "cohort": session.cohort,
                    "programme": session.cohort.programme,
                },
            )
            queued += made is not None
    return queued


def scan_automatic_rounds(*, now: dt.datetime) -> int:
    """Start and introduce the rounds programmes asked to be automatic."""
    started = 0
    ended = (
        Session.objects.filter(
            ends_at__lte=now - AUTOMATIC_ROUND_AFTER,
            ends_at__gt=now - AUTOMATIC_ROUND_WINDOW,
            is_cancelled=False,
            cohort__programme__practice_settings__automatic_rounds=True,
            catch_up_rounds__isnull=True,
        )
        .select_related("cohort")
        .order_by("ends_at")
    )
    for session in ended:
        following = next_session(session)
        if following is None or following.starts_at <= now:
            continue
        try:
            round = start_round(actor=None, after_session=session, automatic=True)
        except (PracticeError, IntegrityError):
            continue  # another scan started it
        if round.pairs.exists():
            send_introductions(actor=None, round=round, now=now)
        started += 1
    return started
