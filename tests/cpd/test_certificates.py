import io
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from pypdf import PdfReader

from cop.models import AuditEvent
from cpd.certificates import (
    CertificateError,
    issue_certificate,
    reissue_certificate,
    render_certificate,
    revoke_certificate,
)
from cpd.models import Certificate
from cpd.tasks import issue_cohort_certificates
from notifications.models import Notification
from tests.cpd.conftest import attend
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def stored_pdf(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def issued(place, sessions, django_capture_on_commit_callbacks):
    attend(place, sessions[:4])
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(place=place)
    certificate.refresh_from_db()
    return certificate


def test_pdf_contains_name_points_hours_and_number(issued):
    text = pdf_text(stored_pdf(issued))
    assert "Siân O'Connor" in text
    assert "CPD points awarded: 12" in text
    assert "This activity equates to 7 CPD hours" in text
    assert issued.number in text
    assert "/cpd/verify/" + issued.number in text.replace(" ", "")


def test_pdf_lists_sessions_objectives_provider_and_signatory(issued, settings):
    text = pdf_text(stored_pdf(issued))
    assert "Shared Practice" in text and "2025-26" in text
    assert "Session 4" in text and "Session 5" not in text
    assert "Plan an action step" in text
    assert settings.PROVIDER_NAME in text
    assert "Amira Patel, Programme lead" in text


def test_accreditation_is_printed_only_when_accredited(issued, place):
    assert "Accredited by" not in pdf_text(stored_pdf(issued))
    policy = place.cohort.programme.cpd_policy
    policy.accreditation_body = "The CPD Standards Office"
    policy.accreditation_number = "40123"
    policy.save()
    certificate = reissue_certificate(certificate=issued, actor=None, reason="acc")
    text = pdf_text(render_certificate(certificate))
    assert "Accredited by The CPD Standards Office, accreditation number 40123" in text


def test_pdf_uses_one_font_family_in_two_weights(issued):
    reader = PdfReader(io.BytesIO(stored_pdf(issued)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_participant_is_emailed_a_download_link_once(issued):
    notification = Notification.objects.get(kind="cpd_certificate_ready")
    assert notification.recipient_email == "sian@council.example"
    assert f"/cpd/certificates/{issued.number}/download/" in notification.body_text
    assert len(mail.outbox) == 1


def test_issuing_is_audited(issued):
    assert AuditEvent.objects.filter(action="cpd.certificate.issued").count() == 1


def test_certificate_numbers_are_long_and_random(cohort, sessions):
    numbers = set()
    for _ in range(5):
        place = PlaceFactory(order__cohort=cohort)
        attend(place, sessions[:3])
        numbers.add(issue_certificate(place=place)[0].number)
    assert len(numbers) == 5
    assert all(len(n) == len("CPD-XXXX-XXXX-XXXX-XXXX") for n in numbers)


def test_not_eligible_is_refused_with_the_reason(place, sessions):
    attend(place, sessions[:2])
    with pytest.raises(CertificateError, match="One more session needed"):
        issue_certificate(place=place)
    assert not Certificate.objects.exists()


def test_task_run_twice_issues_exactly_once(
    cohort, place, sessions, django_capture_on_commit_callbacks
):
    attend(place, sessions[:3])
    other = PlaceFactory(order__cohort=cohort)
    attend(other, sessions[:2])
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_cohort_certificates.delay(cohort.pk).get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_cohort_certificates.delay(cohort.pk).get() == 0
    assert Certificate.objects.count() == 1
    assert Notification.objects.filter(kind="cpd_certificate_ready").count() == 1


def test_database_refuses_a_second_valid_certificate(issued):
    duplicate = Certificate.objects.get(pk=issued.pk)
    duplicate.pk = None
    duplicate.number = "CPD-TEST-TEST-TEST-TEST"
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_revoked_certificate_is_not_issued_again_by_the_task(issued, cohort):
    revoke_certificate(certificate=issued, actor=None, reason="Attended in error")
    issue_cohort_certificates.delay(cohort.pk)
    assert Certificate.objects.valid().count() == 0


def test_revoke_needs_a_reason_and_changes_nothing_without_one(issued):
    with pytest.raises(CertificateError):
        revoke_certificate(certificate=issued, actor=None, reason="  ")
    issued.refresh_from_db()
    assert issued.status == "valid"


def test_reissue_uses_the_corrected_name_and_replaces_the_old(
    issued, place, django_capture_on_commit_callbacks
):
    place.attendee.full_name = "Siân O'Connor-Hughes"
    place.attendee.save()
    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_certificate(certificate=issued, actor=None, reason="Name typo")
    issued.refresh_from_db()
    new.refresh_from_db()
    assert issued.status == "replaced"
    assert issued.replaced_by == new
    assert issued.participant_name == "Siân O'Connor"  # frozen as issued
    assert new.participant_name == "Siân O'Connor-Hughes"
    assert new.number != issued.number
    assert "Siân O'Connor-Hughes" in pdf_text(stored_pdf(new))


def test_reissue_after_attendance_fix_updates_points(issued, place, sessions):
    attend(place, sessions[4:])
    new = reissue_certificate(certificate=issued, actor=None, reason="Register fixed")
    assert new.points == Decimal("18.00")


def test_reissue_refused_when_no_longer_eligible(issued, place):
    place.attendances.update(status="absent")
    with pytest.raises(CertificateError, match="no longer eligible"):
        reissue_certificate(certificate=issued, actor=None, reason="Register fixed")
    issued.refresh_from_db()
    assert issued.status == "valid"


def test_participant_without_account_gets_certificate_in_booked_name(cohort, sessions):
    place = PlaceFactory(
        order__cohort=cohort,
        attendee=None,
        attendee_name="Colleague Without Account",
        attendee_email="colleague@council.example",
    )
    attend(place, sessions[:3])
    certificate, created = issue_certificate(place=place)
    assert created
    assert certificate.participant_name == "Colleague Without Account"
    assert certificate.participant_email == "colleague@council.example"


def test_render_task_run_twice_stores_one_pdf_and_sends_one_email(
    issued, django_capture_on_commit_callbacks
):
    from cpd.tasks import render_and_send_certificate

    first = issued.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        render_and_send_certificate.delay(issued.pk)
    issued.refresh_from_db()
    assert issued.pdf.name == first
    assert len(mail.outbox) == 1


def test_beat_issues_certificates_for_cohorts_marked_finished_elsewhere(
    cohort, place, sessions, django_capture_on_commit_callbacks
):
    from cpd.tasks import issue_certificates_for_finished_cohorts

    attend(place, sessions[:3])
    cohort.status = "finished"
    cohort.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue_certificates_for_finished_cohorts.delay()
    assert Certificate.objects.filter(place=place).count() == 1


def test_beat_leaves_running_cohorts_alone(cohort, place, sessions):
    from cpd.tasks import issue_certificates_for_finished_cohorts

    attend(place, sessions[:3])
    issue_certificates_for_finished_cohorts.delay()
    assert not Certificate.objects.exists()


def test_a_revoked_certificate_can_no_longer_be_downloaded(client, issued):
    revoke_certificate(certificate=issued, actor=None, reason="Attended in error")
    client.force_login(issued.place.attendee)
    response = client.get(reverse("cpd:download", args=[issued.number]))
    assert response.status_code == 410
    text = response.content.decode()
    assert "This certificate has been revoked" in text
    assert "Attended in error" in text
    assert response.get("Content-Type", "").startswith("text/html")


def test_a_replaced_certificate_links_to_its_replacement(
    client, issued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_certificate(certificate=issued, actor=None, reason="Name typo")
    client.force_login(issued.place.attendee)
    response = client.get(reverse("cpd:download", args=[issued.number]))
    assert response.status_code == 410
    assert reverse("cpd:download", args=[new.number]) in response.content.decode()
    download = client.get(reverse("cpd:download", args=[new.number]))
    assert download.status_code == 200
    download.close()  # a FileResponse holds the PDF open until closed
