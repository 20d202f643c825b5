"""The one email staff write themselves: a message to a cohort."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.previews import sample_for

COHORT_MESSAGE = kinds.register(
    "staff_cohort_message", optional=True, label=_("Message to a cohort")
)


@sample_for(COHORT_MESSAGE)
def _sample() -> dict[str, Any]:
    return {
        "subject": "Before our next session",
        "body": "Hello Siân,\n\nPlease bring one example from your own practice.",
    }
