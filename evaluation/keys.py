"""Respondent keys: one answer per person without storing who answered.

The key is a keyed hash (HMAC with the site's secret) of what was answered
and the person's id. It lets a person find and edit their own anonymous
answer and stops a second one, but nobody reading the database can turn a
key back into a person, and the pages never show it.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

SALT = "evaluation.respondent"


def respondent_key(user, scope: str) -> str:
    """``scope`` names what is answered, e.g. 'session:12' or 'run:3'."""
    return salted_hmac(SALT, f"{scope}:{user.pk}", algorithm="sha256").hexdigest()


def cohort_key(user, cohort_id: int) -> str:
    """Pairs one person's start and end assessment in a cohort."""
    return respondent_key(user, f"cohort:{cohort_id}")


COHORT_REVIEW_KEY = "cohort-review"
