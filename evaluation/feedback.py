"""Session feedback: how useful a session was, what worked, what to change.

Open from the session's start until the next session starts (the last
session: for ``LAST_SESSION_DAYS`` after it ends). One response per person
per session; the person may edit it while it is open. An edit carries the
revision it was made from, so a replayed or stale request changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Session
from evaluation import access
from evaluation.errors import EvaluationError
from evaluation.keys import respondent_key
from evaluation.models import SessionFeedback

LAST_SESSION_DAYS = 14


@dataclass(frozen=True)
class Window:
    opens_at: dt.datetime
    closes_at: dt.datetime

    def is_open(self, now: dt.datetime) -> bool:
        return self.opens_at <= now < self.closes_at


def windows_for(sessions: list[Session]) -> dict[int, Window]:
    """Each session's window, from one cohort's sessions (no queries)."""
    live = sorted(
        (s for s in sessions if not s.is_cancelled), key=lambda s: s.starts_at
    )
    windows = {}
    for index, session in enumerate(live):
        if index + 1 < len(live):
            closes = live[index + 1].starts_at
        else:
            closes = session.ends_at + dt.timedelta(days=LAST_SESSION_DAYS)
        windows[session.pk] = Window(session.starts_at, closes)
    return windows


def feedback_window(session: Session) -> Window:
    following = (
        Session.objects.filter(
            cohort_id=session.cohort_id,
            starts_at__gt=session.starts_at,
            is_cancelled=False,
        )
        .order_by("starts_at")
        .first()
    )
    closes = (
        following.starts_at
        if following
        else session.ends_at + dt.timedelta(days=LAST_SESSION_DAYS)
    )
    return Window(session.starts_at, closes)


def feedback_key(user, session: Session) -> str:
    return respondent_key(user, f"session:{session.pk}")


def own_feedback(user, session: Session) -> SessionFeedback | None:
    return SessionFeedback.objects.filter(
        session=session, respondent_key=feedback_key(user, session)
    ).first()


def _check_answers(usefulness: int | None) -> None:
    if usefulness is None or not 1 <= usefulness <= 5:
        raise EvaluationError(
            _("Choose how useful the session was, from 1 to 5."), field="usefulness"
        )


def give_feedback(
    *,
    session: Session,
    user,
    usefulness: int | None,
    worked: str = "",
    change: str = "",
    anonymous: bool = False,
    revision: int | None = None,
    now: dt.datetime | None = None,
) -> SessionFeedback:
    """Record or edit ``user``'s feedback on ``session``.

    ``revision`` is None for a new response and the revision shown on the
    form for an edit; anything else is a replay and is refused.
    """
    now = now or timezone.now()
    if session.is_cancelled or not access.is_participant(user, session.cohort):
        raise EvaluationError(_("Only participants of this cohort can give feedback."))
    window = feedback_window(session)
    if not window.is_open(now):
        if now < window.opens_at:
            raise EvaluationError(_("Feedback opens when the session starts."))
        raise EvaluationError(_("Feedback on this session has closed."))
    _check_answers(usefulness)
    key = feedback_key(user, session)
    values = {
        "usefulness": usefulness,
        "worked": worked.strip(),
        "change": change.strip(),
        "anonymous": anonymous,
        "respondent": None if anonymous else user,
    }
    with transaction.atomic():
        existing = (
            SessionFeedback.objects.select_for_update()
            .filter(session=session, respondent_key=key)
            .first()
        )
        if existing is None:
            if revision is not None:
                raise EvaluationError(_("This feedback has changed; reload the page."))
            try:
                with transaction.atomic():
                    return SessionFeedback.objects.create(
                        session=session, respondent_key=key, **values
                    )
            except IntegrityError:
                raise EvaluationError(
                    _("You have already given feedback on this session.")
                ) from None
        if revision is None:
            raise EvaluationError(
                _("You have already given feedback on this session; edit it instead.")
            )
        if revision != existing.revision:
            raise EvaluationError(
                _("Your feedback was changed in another window; reload the page.")
            )
        for name, value in values.items():
            setattr(existing, name, value)
        existing.revision += 1
        existing.save()
        return existing
