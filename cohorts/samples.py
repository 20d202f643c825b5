"""Sample programme, cohort and session for the email template previews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cohorts.models import Cohort, Programme, Session


def sample_cohort(context: dict[str, Any]) -> dict[str, Any]:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    start = timezone.localtime(now + dt.timedelta(days=7)).replace(hour=10)
    programme = Programme(
        name="Shared Ground", slug="shared-ground", summary="Peer learning."
    )
    cohort = Cohort(
        programme=programme,
        name="2026-27",
        slug="2026-27",
        capacity=20,
        application_deadline=now + dt.timedelta(hours=48),
    )
    session = Session(
        pk=0,
        cohort=cohort,
        number=3,
        title="Working with partners",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        mode=Session.Mode.ONLINE,
        joining_link="https://meet.example/shared-ground-3",
        facilitator_notes=(
            "Thank you all for a lively session.\n\n"
            "Action step: try one of the mapping exercises with a partner "
            "before we meet again."
        ),
    )
    return {
        "programme": programme,
        "cohort": cohort,
        "session": session,
        "sessions": [session],
        "cancelled": False,
    }
