from decimal import Decimal

import pytest

from cpd.eligibility import assess_cohort, assess_place
from cpd.models import Attendance
from tests.cpd.conftest import attend
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_two_sessions_is_one_short_with_a_reason(place, sessions):
    attend(place, sessions[:2])
    result = assess_place(place)
    assert not result.is_eligible
    assert result.reason == "One more session needed (2 of 3 attended)."


def test_three_sessions_earn_a_certificate(place, sessions):
    attend(place, sessions[:3])
    result = assess_place(place)
    assert result.is_eligible
    assert result.reason == ""
    assert result.hours == Decimal("5.25")
    assert result.points == Decimal("9.00")


def test_six_sessions_with_activities_are_capped_at_twenty_points(place, sessions):
    attend(place, sessions, activity=True)
    result = assess_place(place)
    assert result.uncapped_points == Decimal("24.00")  # 6 x 3 + 6 x 1
    assert result.points == Decimal("20.00")
    assert result.is_capped
    assert result.hours == Decimal("10.50")


def test_six_sessions_without_activities_stay_under_the_cap(place, sessions):
    attend(place, sessions)
    assert assess_place(place).points == Decimal("18.00")


def test_no_sessions_needs_three_more(place):
    assert assess_place(place).reason == "Three more sessions needed (0 of 3 attended)."


def test_session_points_override_the_programme_default(place, sessions):
    sessions[0].cpd_points = Decimal("5.50")
    sessions[0].save()
    attend(place, sessions[:3])
    assert assess_place(place).points == Decimal("11.50")


def test_partial_attendance_below_the_share_does_not_count(place, sessions):
    attend(place, sessions[:2])
    attend(place, sessions[2:3], minutes=89)  # 75% of 120 is 90
    result = assess_place(place)
    assert result.sessions_attended == 2
    assert "present 89 of 120 minutes; 90 needed" in result.notes[0]


def test_partial_attendance_at_the_share_counts(place, sessions):
    attend(place, sessions[:2])
    attend(place, sessions[2:3], minutes=90)
    assert assess_place(place).is_eligible


def test_absent_apologies_and_cancelled_sessions_do_not_count(place, sessions):
    attend(place, sessions[:3])
    Attendance.objects.filter(session=sessions[0]).update(status="apologies")
    sessions[1].is_cancelled = True
    sessions[1].save()
    assert assess_place(place).sessions_attended == 1


def test_hours_follow_session_length_when_the_policy_leaves_them_empty(place, sessions):
    policy = place.cohort.programme.cpd_policy
    policy.hours_per_session = None
    policy.save()
    attend(place, sessions[:3])
    assert assess_place(place).hours == Decimal("6.00")


def test_programme_without_a_policy_uses_seed_defaults(place, sessions):
    place.cohort.programme.cpd_policy.delete()
    place.cohort.programme.refresh_from_db()
    attend(place, sessions[:2])
    assert not assess_place(place).is_eligible
    attend(place, sessions[2:3])
    assert assess_place(place).is_eligible


def test_cohort_assessment_uses_a_fixed_number_of_queries(
    cohort, sessions, django_assert_max_num_queries
):
    for _ in range(5):
        attend(PlaceFactory(order__cohort=cohort), sessions[:4])
    with django_assert_max_num_queries(4):
        results = assess_cohort(cohort)
    assert [r.is_eligible for r in results] == [True] * 5


def test_progress_says_attended_and_still_needed_once(place, sessions):
    from cpd.eligibility import progress_summary

    attend(place, sessions[:2])
    assert progress_summary(assess_place(place), 6) == (
        "2 of 6 sessions attended; one more needed for a certificate."
    )


def test_progress_with_nothing_attended_yet(place, sessions):
    from cpd.eligibility import progress_summary

    assert progress_summary(assess_place(place), 6) == (
        "0 of 6 sessions attended; three more needed for a certificate."
    )


def test_progress_when_eligible_says_when_the_certificate_comes(place, sessions):
    from cpd.eligibility import progress_summary

    attend(place, sessions[:4])
    assert progress_summary(assess_place(place), 6) == (
        "4 of 6 sessions attended: enough for a certificate, which is issued "
        "when the cohort finishes."
    )


def test_progress_for_a_booking_too_short_for_a_certificate(place, sessions):
    from cpd.eligibility import progress_summary

    attend(place, sessions[:1])
    assert progress_summary(assess_place(place), 2) == (
        "1 of 2 sessions attended; a certificate needs 3, more than this booking "
        "includes."
    )
