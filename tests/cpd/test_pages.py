"""Participant and public pages: downloads, verification, check-in."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from cpd.certificates import issue_certificate, revoke_certificate
from cpd.check_in import open_check_in
from cpd.models import Attendance
from cpd.selectors import certificates_for
from tests.cpd.conftest import attend
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(place, sessions, django_capture_on_commit_callbacks):
    attend(place, sessions[:3])
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _ = issue_certificate(place=place)
    certificate.refresh_from_db()
    return certificate


def download(client, number):
    return client.get(reverse("cpd:download", args=[number]))


def test_owner_downloads_their_certificate(client, certificate):
    client.force_login(certificate.user)
    response = download(client, certificate.number)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_missing_pdf_is_rendered_again_stored_and_served(client, certificate):
    from django.core.files.storage import default_storage

    default_storage.delete(certificate.pdf.name)  # e.g. the media folder moved
    client.force_login(certificate.user)
    response = download(client, certificate.number)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert default_storage.exists(certificate.pdf.name)


def test_certificate_not_rendered_yet_is_rendered_on_download(client, place, sessions):
    attend(place, sessions[:3])
    certificate, _ = issue_certificate(place=place)  # the render task never ran
    client.force_login(place.attendee)
    response = download(client, certificate.number)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(f"{certificate.number}.pdf")


def test_download_when_the_pdf_cannot_be_made_says_try_again(
    client, certificate, settings, tmp_path
):
    from django.core.files.storage import default_storage

    default_storage.delete(certificate.pdf.name)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"  # storage cannot write here
    client.force_login(certificate.user)
    response = download(client, certificate.number)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "being prepared" in response.content.decode()


def test_someone_else_gets_404_even_with_the_right_number(client, certificate):
    client.force_login(UserFactory())
    assert download(client, certificate.number).status_code == 404


def test_guessed_numbers_and_ids_get_404(client, certificate):
    client.force_login(certificate.user)
    assert download(client, "CPD-AAAA-AAAA-AAAA-AAAA").status_code == 404
    assert download(client, str(certificate.pk)).status_code == 404


def test_anonymous_download_is_sent_to_sign_in(client, certificate):
    response = download(client, certificate.number)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_without_the_permission_cannot_download(client, certificate):
    client.force_login(UserFactory(is_staff=True))
    assert download(client, certificate.number).status_code == 404


def test_staff_with_the_permission_for_their_programme_can_download(
    client, certificate, facilitator
):
    client.force_login(facilitator)
    response = download(client, certificate.number)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_facilitator_of_another_programme_cannot_download(client, certificate):
    other = UserFactory(is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(other)
    assert download(client, certificate.number).status_code == 404


def test_colleague_who_signs_up_later_with_the_booked_email_can_download(
    client, cohort, sessions
):
    place = PlaceFactory(
        order__cohort=cohort,
        attendee=None,
        attendee_name="Late Signup",
        attendee_email="late@council.example",
    )
    attend(place, sessions[:3])
    certificate, _ = issue_certificate(place=place)
    user = UserFactory(email="late@council.example")
    assert list(certificates_for(user)) == [certificate]


def test_verify_shows_a_valid_certificate_without_other_personal_data(
    client, certificate
):
    page = client.get(reverse("cpd:verify", args=[certificate.number]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "This is a valid CPD certificate" in text
    assert "Siân O&#x27;Connor" in text
    assert "Shared Practice" in text
    assert certificate.participant_email not in text
    assert page["X-Robots-Tag"] == "noindex"


def test_verify_shows_a_revoked_certificate_as_not_valid(client, certificate):
    revoke_certificate(certificate=certificate, actor=None, reason="Private reason")
    text = client.get(reverse("cpd:verify", args=[certificate.number])).content
    assert b"has been revoked and is not valid" in text
    assert b"Private reason" not in text


def test_verify_unknown_code_is_a_plain_404(client, certificate):
    response = client.get(reverse("cpd:verify", args=["CPD-NOPE-NOPE-NOPE-NOPE"]))
    assert response.status_code == 404


@pytest.fixture
def in_person(sessions, facilitator):
    session = sessions[5]
    session.mode = "in_person"
    session.starts_at = timezone.now() - dt.timedelta(minutes=20)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    return open_check_in(session=session, actor=facilitator)


def test_participant_checks_in_with_the_code(client, place, in_person):
    client.force_login(place.attendee)
    response = client.post(
        reverse("cpd:check_in"), {"code": in_person.code.lower()}, follow=True
    )
    assert "You are checked in" in response.content.decode()
    attendance = Attendance.objects.get(place=place, session=in_person.session)
    assert attendance.status == "attended"
    assert attendance.source == "check_in"


def test_check_in_refused_after_the_session(client, place, in_person):
    session = in_person.session
    session.starts_at -= dt.timedelta(hours=3)
    session.ends_at -= dt.timedelta(hours=3)
    session.save()
    client.force_login(place.attendee)
    response = client.post(reverse("cpd:check_in"), {"code": in_person.code})
    assert "has closed" in response.content.decode()
    assert not Attendance.objects.exists()


def test_check_in_refused_without_a_place(client, in_person):
    client.force_login(UserFactory())
    response = client.post(reverse("cpd:check_in"), {"code": in_person.code})
    assert "do not have a confirmed place" in response.content.decode()
    assert not Attendance.objects.exists()


def test_wrong_codes_are_limited(client, place, in_person):
    client.force_login(place.attendee)
    for _ in range(10):
        client.post(reverse("cpd:check_in"), {"code": "WRONG1"})
    response = client.post(reverse("cpd:check_in"), {"code": in_person.code})
    assert "Too many wrong codes" in response.content.decode()


def test_qr_link_prefills_the_code(client, place, in_person):
    client.force_login(place.attendee)
    page = client.get(reverse("cpd:check_in_code", args=[in_person.code]))
    assert f'value="{in_person.code}"' in page.content.decode()


def test_check_in_not_open_yet_says_when_it_opens(client, place, in_person):
    session = in_person.session
    session.starts_at += dt.timedelta(hours=3)
    session.ends_at += dt.timedelta(hours=3)
    session.save()
    client.force_login(place.attendee)
    response = client.post(reverse("cpd:check_in"), {"code": in_person.code})
    assert "Check-in for this session opens at" in response.content.decode()
    assert not Attendance.objects.exists()


def test_online_sessions_have_no_check_in_code(sessions, facilitator):
    from cpd.check_in import CheckInError

    with pytest.raises(CheckInError, match="in-person sessions"):
        open_check_in(session=sessions[0], actor=facilitator)
