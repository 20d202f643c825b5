"""Who may answer and who may see results: one place for the rules.

Participants: a confirmed place in the cohort; anyone else gets a 404 (not a
403: we do not confirm that a cohort's questionnaire exists). Staff: the
cohorts and programmes they facilitate (coordinators see all), the same
scoping the admin uses.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from bookings.models import Place
from cohorts.models import Cohort, Programme


def is_participant(user, cohort: Cohort) -> bool:
    if not user.is_authenticated:
        return False
    return Place.objects.confirmed().filter(cohort=cohort, attendee=user).exists()


def require_participant(user, cohort: Cohort) -> None:
    if not is_participant(user, cohort):
        raise Http404


def participant_cohorts(user) -> models.QuerySet[Cohort]:
    return Cohort.objects.filter(
        places__attendee=user, places__status=Place.Status.CONFIRMED
    ).distinct()


def confirmed_places(cohort: Cohort) -> models.QuerySet[Place]:
    return (
        Place.objects.confirmed()
        .filter(cohort=cohort, attendee__isnull=False)
        .select_related("attendee")
        .order_by("pk")
    )


def staff_cohorts(user) -> models.QuerySet[Cohort]:
    if not (user.is_authenticated and user.is_staff):
        return Cohort.objects.none()
    return Cohort.objects.facilitated_by(user)


def staff_programmes(user) -> models.QuerySet[Programme]:
    if not (user.is_authenticated and user.is_staff):
        return Programme.objects.none()
    if user.is_coordinator:
        return Programme.objects.all()
    return Programme.objects.filter(facilitators=user)


def staff_cohort(user, cohort_id: int) -> Cohort:
    cohort = staff_cohorts(user).filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    return cohort
