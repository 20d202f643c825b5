"""Writes on programmes and cohorts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import extensions
from cohorts.models import Cohort
from cop.errors import DomainError


class CohortError(DomainError):
    """A cohort action (copying one) was refused; the message says why."""


@transaction.atomic
def copy_cohort(*, cohort: Cohort, name: str, slug: str, shift_weeks: int) -> Cohort:
    """Copy a cohort, its sessions and prices, moved on by ``shift_weeks`` weeks.

    Creating the sessions sends no invites (nobody holds them yet); prices
    are copied by bookings through ``extensions.copy_extras``, in this same
    transaction.

    The copy starts as a draft so a facilitator can check dates before
    opening it. Times move in local (London) wall-clock terms: a 10:00
    session stays at 10:00 even when the copy falls the other side of a
    clock change.
    """
    if Cohort.objects.filter(programme=cohort.programme, slug=slug).exists():
        raise CohortError(
            _("This programme already has a cohort with the web address '%(slug)s'.")
            % {"slug": slug}
        )
    shift = dt.timedelta(weeks=shift_weeks)
    copy = Cohort.objects.create(
        programme=cohort.programme,
        name=name,
        slug=slug,
        capacity=cohort.capacity,
        status=Cohort.Status.DRAFT,
        description=cohort.description,
        private_to=cohort.private_to,
        applications_open_at=_shift(cohort.applications_open_at, shift),
        application_deadline=_shift(cohort.application_deadline, shift),
        dropin_starts_at=_shift(cohort.dropin_starts_at, shift),
        dropin_ends_at=_shift(cohort.dropin_ends_at, shift),
        dropin_joining_link="",
        cancellation_cutoff_days=cohort.cancellation_cutoff_days,
        refund_percent=cohort.refund_percent,
    )
    for session in cohort.sessions.order_by("number"):
        session.pk = None
        session.cohort = copy
        session.starts_at = _shift(session.starts_at, shift)
        session.ends_at = _shift(session.ends_at, shift)
        session.is_cancelled = False
        session.sequence = 0
        session.facilitator_notes = ""
        # Meeting links belong to last year's calls; the facilitator adds new ones.
        session.joining_link = ""
        session.save()
    # Prices and anything else the apps above own, in this same transaction.
    extensions.copy_extras(source=cohort, copy=copy)
    return copy


def _shift(moment: dt.datetime | None, shift: dt.timedelta) -> dt.datetime | None:
    """Move a moment by whole weeks keeping its London wall-clock time."""
    if moment is None:
        return None
    zone = timezone.get_default_timezone()
    naive = timezone.localtime(moment, zone).replace(tzinfo=None) + shift
    return timezone.make_aware(naive, zone)
