"""Questionnaire emails, found by a periodic scan (``scan_questionnaire_reminders``).

Two emails per participant who has not answered, each at most once: one when
the questionnaire opens, one ``remind_days_before_close`` days before it
closes. "At most once" rests on the notification log's unique key (kind,
run, recipient, variant): two scans running at once insert the same rows and
the database keeps one of each.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.reminders import place_recipients
from evaluation import access
from evaluation.models import QuestionnaireRun, Response
from evaluation.questionnaires import run_key
from notifications import kinds
from notifications.batches import queue_batch

# Optional: about a questionnaire, not the person's place (unsubscribe applies).
QUESTIONNAIRE_OPEN = kinds.register(
    "evaluation_questionnaire_open", optional=True, label=_("Questionnaire open")
)
QUESTIONNAIRE_REMINDER = kinds.register(
    "evaluation_questionnaire_reminder",
    optional=True,
    label=_("Questionnaire closing soon"),
)
# A run that opened long ago is past inviting; it still gets its reminder.
INVITE_GRACE = dt.timedelta(days=7)


def scan_questionnaire_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue every due questionnaire email; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    runs = QuestionnaireRun.objects.filter(
        opens_at__lte=now, closes_at__gt=now
    ).select_related("questionnaire", "cohort__programme")
    for run in runs:
        closing_from = run.closes_at - dt.timedelta(days=run.remind_days_before_close)
        if now < run.opens_at + INVITE_GRACE and now < closing_from:
            queued += _queue(run, QUESTIONNAIRE_OPEN, "open")
        if now >= closing_from:
            queued += _queue(run, QUESTIONNAIRE_REMINDER, "closing")
    return queued


def _queue(run: QuestionnaireRun, kind: str, variant: str) -> int:
    answered = set(
        Response.objects.filter(run=run).values_list("respondent_key", flat=True)
    )
    places = [
        place
        for place in access.confirmed_places(run.cohort)
        if run_key(place.attendee, run) not in answered
    ]
    if not places:
        return 0
    return queue_batch(
        kind=kind,
        about=run,
        recipients=place_recipients(places),
        cohort=run.cohort,
        context={
            "run": run,
            "questionnaire": run.questionnaire,
            "cohort": run.cohort,
            "programme": run.cohort.programme,
        },
        variant=variant,
    )
