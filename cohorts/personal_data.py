"""Cohorts' personal data: how a person means to attend in-person sessions."""

from __future__ import annotations

from typing import Any

from cohorts.models import AttendanceIntention
from cop.models import User
from cop.privacy import declare, rows, wipe

ATTENDANCE_INTENTION = declare(
    AttendanceIntention,
    wipe("dietary_requirements"),
    wipe("access_needs"),
)
DECLARATIONS = [ATTENDANCE_INTENTION]


def export(user: User) -> dict[str, Any]:
    return {
        "session_attendance_plans": rows(
            AttendanceIntention.objects.filter(user=user).select_related(
                "session__cohort__programme"
            )
        )
    }


def erase(user: User) -> None:
    ATTENDANCE_INTENTION.erase(AttendanceIntention.objects.filter(user=user), user)
