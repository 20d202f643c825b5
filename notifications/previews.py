"""Sample data for previewing every email template in the admin.

Built from unsaved objects, so a preview never touches the database. Apps
offer samples through two registries, filled in their ``AppConfig.ready``:

- ``add_sample(function)``: objects every preview may use (a programme, a
  cohort and session, an order and place...). Each function gets the context
  built so far (apps lower down register first) and returns what it adds.
- ``@sample_for(kind)``: context for one kind, applied last; the function
  gets the shared context too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

from cop.models import User

Sample = Callable[[dict[str, Any]], dict[str, Any]]

SHARED: list[Sample] = []
SAMPLES: dict[str, Sample] = {}


def add_sample(function: Sample) -> Sample:
    if function not in SHARED:
        SHARED.append(function)
    return function


def sample_for(kind: str):
    def register(function: Sample) -> Sample:
        SAMPLES[kind] = function
        return function

    return register


def email_kinds() -> list[str]:
    """Every kind with a subject template in the project's templates folders."""
    kinds: set[str] = set()
    for config in settings.TEMPLATES:
        for folder in config.get("DIRS", []):
            for path in Path(folder, "emails").glob("*.subject.txt"):
                kinds.add(path.name.removesuffix(".subject.txt"))
    return sorted(kinds)


def generic_sample() -> dict[str, Any]:
    user = User(email="sam.patel@example.org", full_name="Sam Patel")
    context: dict[str, Any] = {
        "user": user,
        "name": user.full_name,
        "unsubscribe_url": f"{settings.SITE_URL}/notifications/unsubscribe/sample/",
    }
    for function in SHARED:
        context.update(function(context))
    return context


def sample_context(kind: str) -> dict[str, Any]:
    context = generic_sample()
    if kind in SAMPLES:
        context.update(SAMPLES[kind](context))
    return context
