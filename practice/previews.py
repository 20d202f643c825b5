"""Sample context for previewing this app's emails in the admin
(registered with ``notifications.previews.sample_for`` in ``apps.ready``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from cop.models import Organisation, User
from notifications.previews import generic_sample, sample_for
from practice import kinds
from practice.models import ActionStep, StepComment


def _step(base: dict[str, Any]) -> ActionStep:
    return ActionStep(
        pk=0,
        session=base["session"],
        what="Run a listening walk on the Elm estate with two residents.",
        by_when=timezone.localdate() + dt.timedelta(days=10),
    )


@sample_for(kinds.NUDGE)
def nudge_sample(shared: dict[str, Any]) -> dict[str, Any]:
    base = generic_sample()
    return {"step": _step(base), "next_session": base["session"]}


@sample_for(kinds.STEP_COMMENT)
def comment_sample(shared: dict[str, Any]) -> dict[str, Any]:
    base = generic_sample()
    step = _step(base)
    comment = StepComment(step=step, body="Lovely idea. Who could you ask first?")
    return {"step": step, "comment": comment, "author": "Priya Natarajan"}


@sample_for(kinds.INTRODUCTION)
def introduction_sample(shared: dict[str, Any]) -> dict[str, Any]:
    partner = User(
        email="amina@northbridge.example",
        full_name="Amina Hussain",
        job_role="Community hub lead",
        organisation=Organisation(name="Northbridge City Council"),
    )
    link = f"{settings.SITE_URL}/practice/catch-ups/report/sample/"
    return {
        "partners": [partner],
        "meet_before": generic_sample()["session"],
        "met_url": link + "?met=1",
        "not_met_url": link + "?met=0",
    }
