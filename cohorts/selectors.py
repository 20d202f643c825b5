"""Reads for the public pages and for who may see what."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from cohorts import extensions
from cohorts.models import Cohort, Programme, Session
from cop.affiliation import may_book_as
from cop.audit import object_key
from cop.models import AuditEvent


def hidden_from(user, cohort: Cohort) -> bool:
    """True for drafts, unpublished programmes and other organisations' cohorts.

    The one rule for the public cohort page and the booking pages.
    """
    if cohort.status == Cohort.Status.DRAFT or not cohort.programme.is_published:
        return True
    return bool(cohort.private_to_id) and not may_book_as(user, cohort.private_to_id)


def visible_cohort(user, programme_slug: str, slug: str) -> Cohort:
    """The cohort if this person may see it; 404 for drafts and others' private ones."""
    cohort = get_object_or_404(
        Cohort.objects.select_related("programme", "private_to"),
        programme__slug=programme_slug,
        slug=slug,
    )
    if user.is_authenticated and user.is_staff:
        return cohort
    if hidden_from(user, cohort):
        raise Http404
    return cohort


def programmes_with_counts():
    """Published programmes, each with ``current_cohorts``: a count, not a list.

    The home page shows only how many cohorts each programme has that are not
    finished yet; counting them in the database keeps the page one query
    however many past cohorts pile up.
    """
    listed = Q(
        cohorts__private_to__isnull=True,
        cohorts__status__in=[
            Cohort.Status.OPEN,
            Cohort.Status.FULL,
            Cohort.Status.RUNNING,
        ],
    )
    return Programme.objects.filter(is_published=True).annotate(
        current_cohorts=Count("cohorts", filter=listed)
    )


def listed_programmes():
    return Programme.objects.filter(is_published=True).prefetch_related(
        Prefetch(
            "cohorts",
            queryset=Cohort.objects.listed().prefetch_related(
                Prefetch("sessions", queryset=Session.objects.order_by("starts_at")),
                *extensions.listing_prefetches(),
            ),
            to_attr="listed_cohorts",
        )
    )


def is_confirmed_participant(user, cohort: Cohort) -> bool:
    """Whether the person holds a place (bookings answers through the registry)."""
    return extensions.is_participant(user, cohort)


# Recorded when staff turn the group's chosen slot into weekly sessions.
SESSIONS_SCHEDULED = "cohorts.cohort.sessions_scheduled"


def times_to_be_agreed(cohort: Cohort) -> bool:
    """Whether the cohort's session times are still provisional.

    A by-application cohort asks applicants which days and times suit them
    and fixes the sessions' times with the group; until staff schedule the
    weekly sessions, the times shown are a guide only.
    """
    if not cohort.programme.is_by_application:
        return False
    return not AuditEvent.objects.filter(
        action=SESSIONS_SCHEDULED, object_key=object_key(cohort)
    ).exists()
