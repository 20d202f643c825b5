"""Facilitator scoping: the one rule for which rows a facilitator may see.

Coordinators (and superusers) see everything; a facilitator sees rows whose
programme they facilitate. ``programme_path`` is the lookup from a model to
its programme ("" for the programme itself, "cohort__programme" for a
session). The querysets (``Programme/Cohort/Session.objects.facilitated_by``)
and ``cop.admin.ProgrammeScopedAdmin`` both use it.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

Q = TypeVar("Q", bound=models.QuerySet)


def facilitated_by(queryset: Q, user, *, programme_path: str) -> Q:
    if user.is_coordinator:
        return queryset
    lookup = f"{programme_path}__facilitators" if programme_path else "facilitators"
    return queryset.filter(**{lookup: user})


class FacilitatedQuerySet(models.QuerySet):
    """A queryset with ``facilitated_by(user)``; set ``programme_path``."""

    programme_path = "programme"

    def facilitated_by(self, user):
        return facilitated_by(self, user, programme_path=self.programme_path)
