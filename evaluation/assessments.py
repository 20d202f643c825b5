"""Empowerment self-assessment at the start and end of a cohort.

The start assessment is open until the first session ends ("before or at
the first session"); the end one from when the last session starts until
``END_DAYS`` after it ends. A participant may change their own ratings while
the stage is open. A facilitator may record the cohort's own assessment (how
the group's work measures up on each dimension) at any time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from evaluation import access
from evaluation.aggregates import DimensionChange, RatingRow, dimension_change
from evaluation.errors import EvaluationError
from evaluation.keys import COHORT_REVIEW_KEY, cohort_key
from evaluation.models import Assessment, Dimension, Rating, Statement

END_DAYS = 30
Stage = Assessment.Stage


@dataclass(frozen=True)
class StageWindow:
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None

    def is_open(self, now: dt.datetime) -> bool:
        if self.closes_at is None:
            return False
        return (self.opens_at is None or self.opens_at <= now) and now < self.closes_at


def stage_window(cohort: Cohort, stage: str) -> StageWindow:
    sessions = list(cohort.sessions.filter(is_cancelled=False).order_by("starts_at"))
    if not sessions:
        return StageWindow(None, None)
    if stage == Stage.START:
        return StageWindow(None, sessions[0].ends_at)
    last = sessions[-1]
    return StageWindow(last.starts_at, last.ends_at + dt.timedelta(days=END_DAYS))


def active_statements() -> list[Statement]:
    return list(
        Statement.objects.filter(is_active=True)
        .select_related("dimension")
        .order_by("dimension__position", "dimension__name", "position", "pk")
    )


def dimension_names() -> list[str]:
    return list(
        Dimension.objects.order_by("position", "name").values_list("name", flat=True)
    )


def own_assessment(user, cohort: Cohort, stage: str) -> Assessment | None:
    return Assessment.objects.filter(
        cohort=cohort,
        stage=stage,
        is_cohort_review=False,
        respondent_key=cohort_key(user, cohort.pk),
    ).first()


def _clean_scores(scores: Mapping[int, object]) -> dict[int, int]:
    cleaned = {}
    for statement in active_statements():
        raw = scores.get(statement.pk)
        if raw in (None, ""):
            raise EvaluationError(
                _("Rate every statement from 1 to 5."), field=f"s{statement.pk}"
            )
        try:
            value = int(str(raw))
        except ValueError:
            value = 0
        if not 1 <= value <= 5:
            raise EvaluationError(
                _("Ratings go from 1 to 5."), field=f"s{statement.pk}"
            )
        cleaned[statement.pk] = value
    return cleaned


def _save(
    *, cohort, stage, key, respondent, review: bool, scores, notes: str
) -> Assessment:
    with transaction.atomic():
        assessment, _created = Assessment.objects.select_for_update().get_or_create(
            cohort=cohort,
            stage=stage,
            respondent_key=key,
            defaults={"respondent": respondent, "is_cohort_review": review},
        )
        assessment.respondent = respondent
        assessment.notes = notes.strip()
        assessment.save()
        Rating.objects.filter(assessment=assessment).delete()
        Rating.objects.bulk_create(
            Rating(assessment=assessment, statement_id=pk, score=score)
            for pk, score in scores.items()
        )
    return assessment


def save_self_assessment(
    *,
    cohort: Cohort,
    user,
    stage: str,
    scores: Mapping[int, object],
    now: dt.datetime | None = None,
) -> Assessment:
    """Record (or change) ``user``'s ratings for ``stage``; all or nothing."""
    now = now or timezone.now()
    if not access.is_participant(user, cohort):
        raise EvaluationError(_("Only participants of this cohort can do this."))
    if stage not in Stage.values:
        raise EvaluationError(_("There is no such assessment."))
    window = stage_window(cohort, stage)
    if not window.is_open(now):
        if stage == Stage.START:
            message = _("The start assessment closed when the first session ended.")
        elif window.opens_at and now < window.opens_at:
            message = _("The end assessment opens at the last session.")
        else:
            message = _("The end assessment has closed.")
        raise EvaluationError(message)
    cleaned = _clean_scores(scores)
    return _save(
        cohort=cohort,
        stage=stage,
        key=cohort_key(user, cohort.pk),
        respondent=user,
        review=False,
        scores=cleaned,
        notes="",
    )


def save_cohort_review(
    *, cohort: Cohort, actor, stage: str, scores: Mapping[int, object], notes: str = ""
) -> Assessment:
    """The facilitator's assessment of the cohort's own work on each dimension."""
    if not access.staff_cohorts(actor).filter(pk=cohort.pk).exists():
        raise EvaluationError(_("Only this cohort's facilitators can do this."))
    if stage not in Stage.values:
        raise EvaluationError(_("There is no such assessment."))
    return _save(
        cohort=cohort,
        stage=stage,
        key=COHORT_REVIEW_KEY,
        respondent=actor,
        review=True,
        scores=_clean_scores(scores),
        notes=notes,
    )


# --- Reads for charts and reports -------------------------------------------------


def rating_rows(
    cohorts: Iterable[Cohort] | None = None, *, review: bool = False, user=None
) -> list[RatingRow]:
    """Ratings as plain rows, one query. Keys, never names."""
    ratings = Rating.objects.filter(assessment__is_cohort_review=review)
    if cohorts is not None:
        ratings = ratings.filter(assessment__cohort__in=list(cohorts))
    if user is not None:
        ratings = ratings.filter(assessment__respondent=user)
    values = ratings.values_list(
        "assessment__cohort_id",
        "assessment__respondent_key",
        "assessment__stage",
        "statement__dimension__name",
        "score",
    )
    return [
        RatingRow(key=f"{cohort_id}:{key}", stage=stage, dimension=dim, score=score)
        for cohort_id, key, stage, dim, score in values
    ]


def cohort_change(cohort: Cohort, *, review: bool = False) -> list[DimensionChange]:
    return dimension_change(rating_rows([cohort], review=review), dimension_names())


def programme_change(programme) -> list[tuple[Cohort, list[DimensionChange]]]:
    """Each cohort's change per dimension, oldest cohort first (one query)."""
    cohorts = list(
        Cohort.objects.filter(programme=programme, assessments__isnull=False)
        .distinct()
        .order_by("created_at")
    )
    rows = rating_rows(cohorts)
    names = dimension_names()
    by_cohort: dict[int, list[RatingRow]] = {c.pk: [] for c in cohorts}
    for row in rows:
        by_cohort[int(row.key.split(":", 1)[0])].append(row)
    return [(c, dimension_change(by_cohort[c.pk], names)) for c in cohorts]
