"""Sample context for previewing this app's emails in the admin.

Registered with ``notifications.previews.sample_for`` when the app is ready;
unsaved objects only, so a preview never touches the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from evaluation.models import Questionnaire, QuestionnaireRun
from evaluation.reminders import QUESTIONNAIRE_OPEN, QUESTIONNAIRE_REMINDER
from notifications.previews import sample_for


def _run_sample(shared: dict[str, Any]) -> dict[str, Any]:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    questionnaire = Questionnaire(title="End-of-cohort evaluation", anonymous=True)
    run = QuestionnaireRun(
        pk=0,
        questionnaire=questionnaire,
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=11),
    )
    return {"run": run, "questionnaire": questionnaire}


def register() -> None:
    for kind in (QUESTIONNAIRE_OPEN, QUESTIONNAIRE_REMINDER):
        sample_for(kind)(_run_sample)
