"""CPD in the admin: the attendance list, certificates and the policy inline."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.cpd.conftest import attend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = (Path(__file__).parent / "data" / "zoom_participants.csv").read_bytes()


def register_post(lines):
    data = {
        "form-TOTAL_FORMS": str(len(lines)),
        "form-INITIAL_FORMS": str(len(lines)),
    }
    for i, (place, status, minutes) in enumerate(lines):
        data[f"form-{i}-place_id"] = str(place.pk)
        data[f"form-{i}-status"] = status
        data[f"form-{i}-minutes_present"] = "" if minutes is None else str(minutes)
    return data


def test_certificates_admin_offers_no_way_to_edit(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("admin:cpd_certificate_add")).status_code == 403


def test_revoke_from_the_admin_asks_for_a_reason(client, facilitator, place, sessions):
    from cpd.certificates import issue_certificate

    attend(place, sessions[:3])
    certificate, _ = issue_certificate(place=place)
    client.force_login(facilitator)
    url = reverse("admin:cpd_certificate_changelist")
    action = {"action": "revoke", "_selected_action": [certificate.pk]}
    page = client.post(url, action)
    assert "Reason" in page.content.decode()
    client.post(url, {**action, "apply": "1", "reason": "Did not attend"})
    certificate.refresh_from_db()
    assert certificate.status == "revoked"


def test_reissue_from_the_admin_replaces_the_certificate(
    client, facilitator, place, sessions
):
    from cpd.certificates import issue_certificate

    attend(place, sessions[:3])
    certificate, _ = issue_certificate(place=place)
    client.force_login(facilitator)
    client.post(
        reverse("admin:cpd_certificate_changelist"),
        {
            "action": "reissue",
            "_selected_action": [certificate.pk],
            "apply": "1",
            "reason": "Name typo",
        },
    )
    certificate.refresh_from_db()
    assert certificate.status == "replaced"
    assert certificate.replaced_by.is_valid


def test_admin_pages_load(client, facilitator, cohort, sessions, place):
    from cpd.certificates import issue_certificate

    attend(place, sessions[:3])
    certificate, _ = issue_certificate(place=place)
    client.force_login(facilitator)
    for url in [
        reverse("admin:cpd_registers"),
        reverse("admin:cpd_attendance_changelist"),
        reverse("admin:cpd_cohort", args=[cohort.pk]),
        reverse("admin:cpd_certificate_changelist"),
        reverse("admin:cpd_certificate_change", args=[certificate.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_programme_admin_has_the_cpd_policy_inline(client, cohort):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(
        reverse("admin:cohorts_programme_change", args=[cohort.programme.pk])
    )
    assert "Minimum sessions for a certificate" in page.content.decode()
