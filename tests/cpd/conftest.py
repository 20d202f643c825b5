import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cpd.models import Attendance, CpdPolicy
from practice.models import ActionStep
from tests.factories import CohortFactory, PlaceFactory, UserFactory, add_sessions


@pytest.fixture
def cohort():
    """A running cohort of six weekly two-hour sessions, all in the past."""
    cohort = CohortFactory(
        name="2025-26", programme__name="Shared Practice", status="running"
    )
    first = timezone.now() - dt.timedelta(weeks=8)
    add_sessions(cohort, 6, first=first)
    CpdPolicy.objects.create(
        programme=cohort.programme,
        min_sessions=3,
        hours_per_session=Decimal("1.75"),
        points_per_session=Decimal("3.00"),
        activity_points=Decimal("1.00"),
        max_points=Decimal("20.00"),
        learning_objectives="Share practice with peers\nPlan an action step",
        signatory_name="Amira Patel",
        signatory_role="Programme lead",
    )
    return cohort


@pytest.fixture
def sessions(cohort):
    return list(cohort.sessions.order_by("number"))


@pytest.fixture
def place(cohort):
    return PlaceFactory(
        order__cohort=cohort,
        attendee=UserFactory(full_name="Siân O'Connor", email="sian@council.example"),
    )


def attend(place, sessions, *, minutes=None, activity=False):
    """Mark ``place`` attended; ``activity`` also completes an action step
    (done, with a reflection) after each session, which is what CPD counts."""
    for session in sessions:
        Attendance.objects.update_or_create(
            session=session,
            place=place,
            defaults={
                "status": Attendance.Status.ATTENDED,
                "minutes_present": minutes,
            },
        )
        if activity:
            ActionStep.objects.get_or_create(
                place=place,
                session=session,
                owner=place.attendee,
                defaults={
                    "what": "Try a listening walk",
                    "by_when": timezone.localdate(session.starts_at),
                    "status": ActionStep.Status.DONE,
                    "reflection": "Residents raised two new issues.",
                },
            )


@pytest.fixture
def facilitator(cohort):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Facilitators")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="cpd").exclude(
            codename__startswith="delete_"
        )
    )
    user = UserFactory(is_staff=True, full_name="Fran Facilitator")
    user.groups.add(group)
    cohort.programme.facilitators.add(user)
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Check-in attempt counters live in the cache; start each test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
