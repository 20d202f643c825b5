"""Fair review: reviewers score applications against a cohort's criteria.

- Only reviewers assigned to the cohort's ``ReviewPanel`` score its
  applications; each scores every criterion within its range, once per
  application (scoring again replaces their scores).
- Blind until scored: a panel member sees other reviewers' scores for an
  application only after scoring it themselves. Staff who are not on the
  panel (the coordinator who decides) see every score.
- Anonymised: panel members see "Applicant 12" instead of the name, and no
  email or organisation, on every screen and in the CSV.
- The statistics (mean, count, spread) are pure functions of the totals;
  the coordinator still decides with the capacity-safe ``selection.decide``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from applications.errors import ApplicationError
from applications.models import (
    Application,
    Review,
    ReviewCriterion,
    ReviewPanel,
    Score,
)
from cop.audit import record

TWO_PLACES = Decimal("0.01")


class ReviewError(ApplicationError):
    """A review was refused; nothing was saved."""


# --- Statistics (pure) -----------------------------------------------------------


@dataclass(frozen=True)
class ReviewStats:
    """Mean and spread of reviewers' totals; None when nobody has scored."""

    count: int
    mean: Decimal | None
    spread: Decimal | None  # highest total minus lowest


def review_stats(totals: Sequence[Decimal | int]) -> ReviewStats:
    """Statistics of reviewers' totals, each rounded half-up to 2 places.

    >>> review_stats([Decimal(7), Decimal(4)])
    ReviewStats(count=2, mean=Decimal('5.50'), spread=Decimal('3.00'))
    """
    values = [Decimal(t) for t in totals]
    if not values:
        return ReviewStats(count=0, mean=None, spread=None)
    mean = (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)
    spread = (max(values) - min(values)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return ReviewStats(count=len(values), mean=mean, spread=spread)


def total_of(scores: Mapping[int, int]) -> Decimal:
    return Decimal(sum(scores.values()))


def check_scores(
    criteria: Iterable[ReviewCriterion], scores: Mapping[int, object]
) -> dict[int, int]:
    """Each criterion scored once with a whole number within its range."""
    criteria = list(criteria)
    if not criteria:
        raise ReviewError(_("This cohort has no review criteria yet."))
    known = {c.pk for c in criteria}
    if set(scores) - known:
        raise ReviewError(_("Score only this cohort's criteria."))
    clean: dict[int, int] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or value == "":
            raise ReviewError(
                _("Score “%(name)s”.") % {"name": criterion.name},
                field=f"criterion_{criterion.pk}",
            )
        try:
            number = int(str(value))
        except ValueError:
            number = None
        if number is None or not criterion.min_score <= number <= criterion.max_score:
            raise ReviewError(
                _("“%(name)s” is scored from %(low)d to %(high)d.")
                % {
                    "name": criterion.name,
                    "low": criterion.min_score,
                    "high": criterion.max_score,
                },
                field=f"criterion_{criterion.pk}",
            )
        clean[criterion.pk] = number
    return clean


# --- Who may see and do what ----------------------------------------------------


def panel_for(cohort) -> ReviewPanel | None:
    return ReviewPanel.objects.filter(cohort=cohort).first()


def is_reviewer(user, panel: ReviewPanel | None) -> bool:
    return panel is not None and panel.reviewers.filter(pk=user.pk).exists()


def reviewer_cohort_ids(user) -> set[int]:
    return set(
        ReviewPanel.objects.filter(reviewers=user).values_list("cohort_id", flat=True)
    )


def anonymised_cohort_ids(user) -> set[int]:
    """Cohorts whose applicants ``user`` must see anonymised (panel member)."""
    return set(
        ReviewPanel.objects.filter(reviewers=user, anonymised=True).values_list(
            "cohort_id", flat=True
        )
    )


def blind_cohort_ids(user) -> set[int]:
    """Cohorts where ``user`` reviews blind (others' scores hidden until scored)."""
    return set(
        ReviewPanel.objects.filter(reviewers=user, blind_until_scored=True).values_list(
            "cohort_id", flat=True
        )
    )


@dataclass(frozen=True)
class ApplicantView:
    """What a viewer may see of who applied."""

    name: str
    email: str
    organisation: str


def applicant_view(application: Application, *, anonymised: bool) -> ApplicantView:
    if anonymised:
        return ApplicantView(
            name=_("Applicant %(n)d") % {"n": application.pk},
            email="",
            organisation="",
        )
    applicant = application.applicant
    return ApplicantView(
        name=applicant.full_name or applicant.email,
        email=applicant.email,
        organisation=application.organisation_name,
    )


def visible_reviews(
    application: Application, viewer, *, panel: ReviewPanel | None
) -> list[Review]:
    """The reviews ``viewer`` may read: blind panel members see only their own
    until they have scored this application."""
    reviews = list(
        application.reviews.select_related("reviewer").prefetch_related(
            "scores__criterion"
        )
    )
    if panel is None or not panel.blind_until_scored or not is_reviewer(viewer, panel):
        return reviews
    own = [r for r in reviews if r.reviewer_id == viewer.pk]
    return reviews if own else []


# --- Writing ------------------------------------------------------------------------


def score_application(
    *,
    application_id: int,
    reviewer,
    scores: Mapping[int, object],
    comment: str = "",
) -> Review:
    """Save ``reviewer``'s scores and comment on one application.

    Refuses (saving nothing) a reviewer not assigned to the cohort, a draft
    or withdrawn application, a criterion left unscored or a score out of
    range.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("cohort")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            raise ReviewError(_("That application does not exist."))
        panel = panel_for(application.cohort)
        if not is_reviewer(reviewer, panel):
            raise ReviewError(_("You are not a reviewer for this cohort."))
        if application.status not in Application.IN_THE_RUNNING:
            raise ReviewError(_("Only submitted applications are reviewed."))
        criteria = ReviewCriterion.objects.filter(cohort=application.cohort)
        clean = check_scores(criteria, scores)
        review, _created = Review.objects.update_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"comment": comment.strip(), "total": total_of(clean)},
        )
        review.scores.all().delete()
        Score.objects.bulk_create(
            Score(review=review, criterion_id=pk, value=value)
            for pk, value in clean.items()
        )
        record(
            "applications.application.scored",
            application,
            actor=reviewer,
            total=str(review.total),
        )
    return review
