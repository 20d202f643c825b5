"""Reads used by pages, the dashboard and the reminder scan."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from applications.models import Application, ExpressionOfInterest
from cohorts.models import Cohort


def interested_without_application(cohort: Cohort) -> QuerySet[ExpressionOfInterest]:
    """People who registered interest, want the reminder, and have not applied.

    A draft does not count as applying. Matched on the person's account when
    we know it, else on email address (case-insensitive).
    """
    applied = Application.objects.filter(cohort=cohort).exclude(
        status=Application.Status.DRAFT
    )
    matching = applied.filter(
        Q(applicant__email__iexact=OuterRef("email"))
        | Q(applicant_id=OuterRef("user_id"))
    )
    return (
        ExpressionOfInterest.objects.filter(cohort=cohort, remind_before_deadline=True)
        .exclude(Exists(matching))
        .order_by("created_at")
    )


def applications_for(user) -> QuerySet[Application]:
    """The person's own applications, newest first, ready for a list."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("cohort__programme")
        .order_by("-created_at")
    )


def own_application(user, pk: int) -> Application:
    """The application if it is this person's; 404 for anyone else's."""
    try:
        return applications_for(user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None
