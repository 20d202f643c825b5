"""Who is in a cohort's space, and what they may do there.

- Members: people with a confirmed place in the cohort. They read and post
  until the programme's access period after the last session has passed
  (``CommunitySettings.access_days_after_end``, default a year).
- Staff: the programme's facilitators and the coordinators. They always
  have access and may moderate (pin, lock, hide, agree, publish, assign).
- Guests: people invited to one session. They see that session's page only,
  through their personal link or signed in with the invited address.

Everyone else, including a member of another cohort, someone whose place
was cancelled and a facilitator of another programme, gets a 404: the space
does not admit it exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from bookings.models import Place
from cohorts.models import Cohort, Session
from community.models import DEFAULT_ACCESS_DAYS, CommunitySettings, GuestInvitation


@dataclass(frozen=True)
class Access:
    """What one person may do in one cohort's space."""

    cohort: Cohort
    is_staff: bool
    is_member: bool

    @property
    def can_post(self) -> bool:
        return self.is_staff or self.is_member


def is_programme_staff(user, cohort: Cohort) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_coordinator:
        return True
    return cohort.programme.facilitators.filter(pk=user.pk).exists()


def access_days(programme) -> int:
    days = (
        CommunitySettings.objects.filter(programme=programme)
        .values_list("access_days_after_end", flat=True)
        .first()
    )
    return DEFAULT_ACCESS_DAYS if days is None else days


def closes_at(cohort: Cohort) -> dt.datetime | None:
    """When members lose access; None while the cohort has no sessions."""
    last = cohort.sessions.aggregate(last=Max("ends_at"))["last"]
    if last is None:
        return None
    return last + dt.timedelta(days=access_days(cohort.programme))


def is_member(user, cohort: Cohort, now: dt.datetime | None = None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if not Place.objects.confirmed().filter(cohort=cohort, attendee=user).exists():
        return False
    closing = closes_at(cohort)
    return closing is None or (now or timezone.now()) < closing


def access_for(user, cohort: Cohort) -> Access | None:
    """The person's access to the whole space, or None (show a 404)."""
    if is_programme_staff(user, cohort):
        return Access(cohort=cohort, is_staff=True, is_member=False)
    if cohort.status == Cohort.Status.DRAFT:
        return None
    if is_member(user, cohort):
        return Access(cohort=cohort, is_staff=False, is_member=True)
    return None


def guest_invitation(user, session: Session) -> GuestInvitation | None:
    """The live invitation to ``session`` for a signed-in guest, if any."""
    if not user.is_authenticated or not user.is_active:
        return None
    return GuestInvitation.objects.filter(
        session=session, email__iexact=user.email, is_withdrawn=False
    ).first()


def member_cohort_ids(user, now: dt.datetime | None = None) -> list[int]:
    """Cohorts whose space the person may open as a member (for lists, counts)."""
    if not user.is_authenticated:
        return []
    now = now or timezone.now()
    places = (
        Place.objects.confirmed()
        .filter(attendee=user)
        .exclude(cohort__status=Cohort.Status.DRAFT)
        .annotate(last_end=Max("cohort__sessions__ends_at"))
        .values_list("cohort_id", "cohort__programme_id", "last_end")
    )
    rows = list(places)
    settings_days = dict(
        CommunitySettings.objects.filter(
            programme_id__in={programme for _, programme, _ in rows}
        ).values_list("programme_id", "access_days_after_end")
    )
    open_ids = []
    for cohort_id, programme_id, last_end in rows:
        days = settings_days.get(programme_id, DEFAULT_ACCESS_DAYS)
        if last_end is None or now < last_end + dt.timedelta(days=days):
            open_ids.append(cohort_id)
    return open_ids


def staff_cohorts(user):
    """Cohorts whose spaces the person runs (all of them for coordinators)."""
    if not user.is_authenticated or not user.is_active:
        return Cohort.objects.none()
    cohorts = Cohort.objects.exclude(status=Cohort.Status.CANCELLED)
    if user.is_coordinator:
        return cohorts
    return cohorts.filter(Q(programme__facilitators=user)).distinct()
