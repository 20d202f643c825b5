import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CohortFactory, SessionFactory, add_sessions

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_session_that_ends_before_it_starts_is_refused():
    session = SessionFactory.build(cohort=CohortFactory(), number=1)
    session.ends_at = session.starts_at - dt.timedelta(minutes=30)
    assert errors_of(session)["ends_at"] == ["A session must end after it starts."]


def test_session_overlapping_another_in_the_same_cohort_is_refused():
    cohort = CohortFactory()
    first = SessionFactory(cohort=cohort, number=1, title="Orientation")
    clash = SessionFactory.build(
        cohort=cohort,
        number=2,
        starts_at=first.starts_at + dt.timedelta(hours=1),
        ends_at=first.ends_at + dt.timedelta(hours=1),
    )
    message = errors_of(clash)["starts_at"][0]
    assert message == "This overlaps session 1 (Orientation) of the same cohort."


def test_back_to_back_sessions_do_not_overlap():
    cohort = CohortFactory()
    first = SessionFactory(cohort=cohort, number=1)
    follow_on = SessionFactory.build(
        cohort=cohort,
        number=2,
        starts_at=first.ends_at,
        ends_at=first.ends_at + dt.timedelta(hours=2),
    )
    follow_on.full_clean()


def test_same_times_in_another_cohort_are_fine():
    first = SessionFactory(number=1)
    other = SessionFactory.build(
        cohort=CohortFactory(),
        number=1,
        starts_at=first.starts_at,
        ends_at=first.ends_at,
    )
    other.full_clean()


def test_capacity_below_one_is_refused():
    cohort = CohortFactory.build(programme=CohortFactory().programme, capacity=0)
    assert errors_of(cohort)["capacity"] == ["Capacity must be at least 1."]


def test_application_deadline_must_follow_opening():
    now = timezone.now()
    cohort = CohortFactory(applications_open_at=now)
    cohort.application_deadline = now - dt.timedelta(days=1)
    assert errors_of(cohort)["application_deadline"] == [
        "The application deadline must be after applications open."
    ]


def test_first_session_is_the_earliest_one():
    cohort = CohortFactory()
    sessions = add_sessions(cohort, 3)
    assert cohort.first_session == sessions[0]
    assert cohort.has_started() is False
