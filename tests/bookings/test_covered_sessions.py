"""Which sessions a place covers: one rule, read the same way everywhere."""

import pytest

from bookings.models import Place
from bookings.reminders import participants
from cpd.attendance import register_places
from portal.cpd_record import sessions_booked
from tests.factories import CohortFactory, OrderFactory, PlaceFactory, add_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    return add_sessions(CohortFactory(), count=6)


@pytest.fixture
def partial(sessions):
    """A three-session package that chose sessions 1, 2 and 3."""
    place = PlaceFactory(order=OrderFactory(cohort=sessions[0].cohort))
    place.sessions.set(sessions[:3])
    return place


@pytest.fixture
def full(sessions):
    return PlaceFactory(order=OrderFactory(cohort=sessions[0].cohort))


def cancel(*sessions):
    for session in sessions:
        session.is_cancelled = True
        session.save()


def test_a_partial_package_covers_its_chosen_sessions(partial, sessions):
    assert partial.covered_sessions() == sessions[:3]


def test_a_place_that_chose_none_covers_every_session(full, sessions):
    assert full.covered_sessions() == sessions


def test_cancelled_sessions_are_not_covered(full, sessions):
    cancel(sessions[1])
    assert sessions[1] not in full.covered_sessions()
    assert sessions[1] in full.covered_sessions(include_cancelled=True)


def test_a_place_whose_chosen_sessions_are_all_cancelled_covers_none(partial, sessions):
    cancel(*sessions[:3])
    partial = Place.objects.get(pk=partial.pk)
    assert partial.covered_sessions() == []
    # The CPD record counted all six here before the rule had one home.
    assert sessions_booked(partial) == 0
    # Registers and reminders for the other sessions leave the place out too.
    later = sessions[4]
    assert partial not in register_places(later)
    assert partial not in participants(later)


def test_covering_finds_the_same_places_as_covered_sessions(partial, full, sessions):
    for session in sessions:
        expected = {p.pk for p in (partial, full) if session in p.covered_sessions()}
        assert set(Place.objects.covering(session).values_list("pk", flat=True)) == (
            expected
        )


def test_covered_sessions_of_many_places_take_a_fixed_number_of_queries(
    sessions, django_assert_num_queries
):
    for _ in range(5):
        PlaceFactory(order=OrderFactory(cohort=sessions[0].cohort))
    # Places, their chosen sessions, their cohorts, the cohorts' sessions.
    with django_assert_num_queries(4):
        places = Place.objects.prefetch_related("sessions", "cohort__sessions")
        assert all(len(p.covered_sessions()) == 6 for p in places)
