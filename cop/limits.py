"""How long free text may be: one place for every app's limits.

A field's limit is enforced by its form (``maxlength`` in the page and the
form's message) and by the model (a validator that ``full_clean`` and the
admin run); the database keeps ``text`` columns, so raising a limit later
needs no data change.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

NOTE = 500  # access needs, dietary requirements, an address, a short reason
PARAGRAPHS = 4000  # an application answer, a reviewer's or facilitator's note
PAGE = 10000  # a programme's description, an email written by staff

TOO_LONG = _(
    "Keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."
)


def limited(length: int) -> dict[str, Any]:
    """Keyword arguments for a model ``TextField`` that holds at most ``length``."""
    return {
        "max_length": length,
        "validators": [MaxLengthValidator(length, message=TOO_LONG)],
    }


def form_limit(length: int) -> dict[str, Any]:
    """Keyword arguments for a form ``CharField``: the limit and its message."""
    return {"max_length": length, "error_messages": {"max_length": TOO_LONG}}
