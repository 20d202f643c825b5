import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from cpd.models import CpdPolicy
from practice.models import ActionStep
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
    add_sessions,
)


@pytest.fixture
def cohort(db):
    """Six weekly sessions: three have taken place, the fourth is in six days."""
    cohort = CohortFactory(
        name="2026-27", programme__name="Neighbourhood Practice", status="running"
    )
    add_sessions(cohort, 6, first=timezone.now() - dt.timedelta(days=15))
    CpdPolicy.objects.create(
        programme=cohort.programme,
        min_sessions=3,
        points_per_session=Decimal("3"),
        activity_points=Decimal("1"),
        max_points=Decimal("20"),
    )
    return cohort


@pytest.fixture
def sessions(cohort):
    return list(cohort.sessions.order_by("number"))


def member(cohort, **user_fields):
    user = UserFactory(**user_fields)
    PlaceFactory(order__cohort=cohort, attendee=user)
    return user


@pytest.fixture
def participant(cohort):
    return member(
        cohort,
        full_name="Jordan Ellis",
        email="jordan@harbour.example",
        organisation=OrganisationFactory(name="Harbour Community Trust"),
    )


@pytest.fixture
def place(participant, cohort):
    return participant.places.get(cohort=cohort)


def make_step(place, session, **fields):
    defaults = {
        "what": "Run a listening walk",
        "by_when": timezone.localdate() + dt.timedelta(days=5),
        "owner": place.attendee,
    }
    return ActionStep.objects.create(place=place, session=session, **defaults | fields)


@pytest.fixture
def facilitator(cohort):
    group, _ = Group.objects.get_or_create(name="Facilitators")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["practice", "cpd"]
        ).exclude(codename__startswith="delete_")
    )
    user = UserFactory(is_staff=True, full_name="Priya Natarajan")
    user.groups.add(group)
    cohort.programme.facilitators.add(user)
    return user


@pytest.fixture
def other_facilitator(db):
    group, _ = Group.objects.get_or_create(name="Facilitators")
    group.permissions.set(Permission.objects.filter(content_type__app_label="practice"))
    user = UserFactory(is_staff=True, full_name="Other Facilitator")
    user.groups.add(group)
    return user


def practice_rows(person, place) -> dict[str, object]:
    """One row of each practice model that holds something about ``person``,
    for the portal's erasure test (``tests/portal``)."""
    from practice.models import CpdLogEntry, FollowUp, StepComment
    from tests.factories import SessionFactory

    session = SessionFactory(cohort=place.cohort, number=98)
    step = make_step(place, session)
    return {
        "practice.ActionStep": step,
        "practice.StepComment": StepComment.objects.create(step=step, body="Good"),
        "practice.FollowUp": FollowUp.objects.create(place=place, reason="Stuck"),
        "practice.CpdLogEntry": CpdLogEntry.objects.create(
            user=person,
            place=place,
            what="Reading",
            on=timezone.localdate(),
            minutes=30,
        ),
    }
