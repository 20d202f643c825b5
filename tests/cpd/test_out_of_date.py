"""A certificate issued before attendance changed shows as out of date on the
eligibility screen, with a way to reissue it."""

import pytest
from django.urls import reverse

from cpd.attendance import record_attendance
from cpd.certificates import issue_certificate, out_of_date
from cpd.eligibility import assess_place
from cpd.models import Certificate
from tests.cpd.conftest import attend
from tests.factories import CohortFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(place, sessions):
    attend(place, sessions[:4])
    certificate, _created = issue_certificate(place=place)
    return certificate


def page_for(client, user, cohort):
    client.force_login(user)
    return client.get(reverse("admin:cpd_cohort", args=[cohort.pk])).content.decode()


def test_a_certificate_matching_the_register_is_not_out_of_date(issued, place):
    assert out_of_date(issued, assess_place(place)) == ""


def test_another_attended_session_makes_the_certificate_out_of_date(
    issued, place, sessions
):
    record_attendance(session=sessions[4], place=place, status="attended")

    assert "Out of date" in out_of_date(issued, assess_place(place))


def test_eligibility_screen_says_which_certificate_is_out_of_date(
    client, facilitator, cohort, issued, place, sessions
):
    record_attendance(session=sessions[4], place=place, status="attended")

    text = page_for(client, facilitator, cohort)

    assert "1 certificate is out of date" in text
    assert "It shows 4 sessions, 7 hours and 12 points" in text
    assert "the register now gives 5 sessions, 8.75 hours and 15 points" in text


def test_eligibility_screen_offers_a_reissue_for_an_out_of_date_certificate(
    client, facilitator, cohort, issued, place, sessions
):
    record_attendance(session=sessions[4], place=place, status="attended")

    text = page_for(client, facilitator, cohort)

    assert reverse("admin:cpd_cohort_reissue", args=[cohort.pk]) in text
    assert "Reissue certificate for" in text


def test_eligibility_screen_says_nothing_when_certificates_are_current(
    client, facilitator, cohort, issued
):
    text = page_for(client, facilitator, cohort)

    assert "out of date" not in text
    assert "Reissue certificate for" not in text


def test_reissuing_replaces_the_old_certificate_with_the_new_attendance(
    client, facilitator, cohort, issued, place, sessions
):
    record_attendance(session=sessions[4], place=place, status="attended")
    client.force_login(facilitator)

    client.post(
        reverse("admin:cpd_cohort_reissue", args=[cohort.pk]),
        {"certificate": issued.pk},
    )

    issued.refresh_from_db()
    new = Certificate.objects.valid().get(place=place)
    assert issued.status == Certificate.Status.REPLACED
    assert (len(new.sessions), new.points) == (5, 15)
    assert issued.status_reason == (
        "Attendance changed after the certificate was issued."
    )


def test_a_participant_no_longer_eligible_is_told_to_revoke_not_reissue(
    client, facilitator, cohort, issued, place, sessions
):
    for session in sessions[:2]:
        record_attendance(session=session, place=place, status="absent")

    text = page_for(client, facilitator, cohort)

    assert "No longer eligible" in text
    assert "Reissue certificate for" not in text


def test_reissue_needs_the_permission_to_issue_certificates(
    client, cohort, issued, place, sessions
):
    reader = UserFactory(is_staff=True)
    cohort.programme.facilitators.add(reader)
    client.force_login(reader)

    response = client.post(
        reverse("admin:cpd_cohort_reissue", args=[cohort.pk]),
        {"certificate": issued.pk},
    )

    assert response.status_code in (403, 404)
    assert Certificate.objects.valid().get(place=place) == issued


def test_facilitator_cannot_reissue_another_programmes_certificate(client, facilitator):
    other_cohort = CohortFactory()
    other = PlaceFactory(order__cohort=other_cohort)
    certificate = Certificate.objects.create(
        place=other,
        cohort=other_cohort,
        participant_name="Other",
        participant_email="other@example.org",
        programme_name="Other",
        cohort_name="Other",
        first_session_on="2026-01-01",
        last_session_on="2026-01-01",
        hours=1,
        points=1,
        provider_name="Practice Network",
    )
    client.force_login(facilitator)

    response = client.post(
        reverse("admin:cpd_cohort_reissue", args=[other_cohort.pk]),
        {"certificate": certificate.pk},
    )

    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
