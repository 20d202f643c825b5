"""My CPD record page (/cpd/): totals per year and cohorts in progress."""

import pytest
from django.urls import reverse

from cpd.certificates import issue_certificate
from tests.cpd.conftest import attend

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(place, sessions, django_capture_on_commit_callbacks):
    attend(place, sessions[:3])
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _ = issue_certificate(place=place)
    certificate.refresh_from_db()
    return certificate


def test_the_record_keeps_its_path():
    assert reverse("portal:cpd_record") == "/cpd/"


def test_the_record_needs_sign_in(client):
    response = client.get(reverse("portal:cpd_record"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_cpd_record_totals_per_year(client, certificate):
    client.force_login(certificate.user)
    text = client.get(reverse("portal:cpd_record")).content.decode()
    year = certificate.last_session_on.year
    assert f"{year}: 9 points, 5.25 hours" in text
    assert reverse("cpd:download", args=[certificate.number]) in text


def test_my_cpd_record_says_what_is_missing(client, place, sessions):
    attend(place, sessions[:2])
    client.force_login(place.attendee)
    text = client.get(reverse("portal:cpd_record")).content.decode()
    assert "2 of 6 sessions attended; one more needed for a certificate." in text
    assert text.count("attended") == 1  # said once, not twice


def test_my_cpd_record_counts_only_the_sessions_booked(client, cohort, place, sessions):
    place.sessions.set(sessions[2:])
    attend(place, sessions[2:4])
    client.force_login(place.attendee)
    text = client.get(reverse("portal:cpd_record")).content.decode()
    assert "2 of 4 sessions attended; one more needed for a certificate." in text
