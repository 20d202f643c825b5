"""Sample context for the admin's preview of a message written to a cohort."""

from __future__ import annotations

from typing import Any

from notifications.previews import sample_for


@sample_for("staff_cohort_message")
def sample_cohort_message(shared: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject": "Before our next session",
        "body": (
            "Dear Jordan,\n\nOur next session is on Tuesday 23 May, 10:00-12:00. "
            "Bring one example of a neighbourhood asset you have mapped.\n\n"
            "The group's space: https://cop.example/space/1/"
        ),
    }
