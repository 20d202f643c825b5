"""Dropping the last link between anonymous answers and their authors.

While an anonymous answer can still be edited (feedback until the next
session, a questionnaire until it closes) it keeps its ``respondent_key``, a
keyed hash that lets its author find it again and stops a second answer.
Once editing has closed that key has no use left, and whoever holds the
site's secret could in principle test it against each person; so a daily
job replaces it with a random one. From then on nothing links the answer to
anyone, not even the author's own data export.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from cohorts.models import Session
from evaluation.feedback import feedback_window
from evaluation.models import Response, SessionFeedback

UNLINKED = "unlinked-"


def random_key() -> str:
    return UNLINKED + secrets.token_hex(24)


def unlink_closed_anonymous_answers(*, now: dt.datetime | None = None) -> int:
    """Give closed anonymous answers random keys; returns how many changed."""
    now = now or timezone.now()
    changed = 0
    with transaction.atomic():
        responses = list(
            Response.objects.select_for_update()
            .filter(
                run__questionnaire__anonymous=True,
                run__closes_at__lte=now,
            )
            .exclude(respondent_key__startswith=UNLINKED)
        )
        for response in responses:
            response.respondent_key = random_key()
            response.respondent = None
        Response.objects.bulk_update(responses, ["respondent_key", "respondent"])
        changed += len(responses)
        linked = SessionFeedback.objects.filter(anonymous=True).exclude(
            respondent_key__startswith=UNLINKED
        )
        sessions = Session.objects.filter(
            pk__in=linked.values("session_id"), starts_at__lte=now
        )
        for session in sessions:
            if feedback_window(session).closes_at > now:
                continue
            rows = list(linked.select_for_update().filter(session=session))
            for row in rows:
                row.respondent_key = random_key()
            SessionFeedback.objects.bulk_update(rows, ["respondent_key"])
            changed += len(rows)
    return changed
