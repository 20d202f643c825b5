"""The facilitator's CPD screens: registers, import, check-in code, finishing.

These are staff screens (cpd/staff_views.py) under the admin's URLs: staff
only, with the attendance permissions, and only for the programmes the
facilitator runs (another programme's session is a 404).
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cop.models import AuditEvent
from cpd.models import Attendance, Certificate
from notifications.models import Notification
from tests.cpd.conftest import attend
from tests.factories import CohortFactory, PlaceFactory, UserFactory, add_sessions

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


def test_register_lists_confirmed_participants_expected_at_the_session(
    client, facilitator, cohort, sessions, place
):
    partial = PlaceFactory(order__cohort=cohort, attendee_name="Only Later")
    partial.sessions.set(sessions[3:])
    PlaceFactory(
        order__cohort=cohort, attendee_name="Cancelled One", status="cancelled"
    )
    client.force_login(facilitator)
    page = client.get(reverse("admin:cpd_register", args=[sessions[0].pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Siân O&#x27;Connor" in text
    assert "Only Later" not in text
    assert "Cancelled One" not in text


def test_facilitator_marks_a_register_and_it_is_audited(
    client, facilitator, cohort, sessions, place
):
    late = PlaceFactory(order__cohort=cohort)
    client.force_login(facilitator)
    url = reverse("admin:cpd_register", args=[sessions[0].pk])
    response = client.post(
        url, register_post([(place, "attended", None), (late, "attended", 45)])
    )
    assert response.status_code == 302
    row = Attendance.objects.get(place=late)
    assert (row.status, row.minutes_present, row.recorded_by) == (
        "attended",
        45,
        facilitator,
    )
    assert AuditEvent.objects.filter(action="cpd.attendance.recorded").count() == 2
    assert "does not count for CPD" in client.get(url).content.decode()


def test_register_with_impossible_minutes_saves_nothing(
    client, facilitator, sessions, place
):
    client.force_login(facilitator)
    client.post(
        reverse("admin:cpd_register", args=[sessions[0].pk]),
        register_post([(place, "attended", 500)]),
    )
    assert not Attendance.objects.exists()


def test_facilitator_cannot_open_another_programmes_register(client, facilitator):
    other = CohortFactory()
    session = add_sessions(other, 1)[0]
    client.force_login(facilitator)
    url = reverse("admin:cpd_register", args=[session.pk])
    assert client.get(url).status_code == 404
    index = client.get(reverse("admin:cpd_registers")).content.decode()
    assert str(other) not in index


def test_participant_cannot_reach_the_register(client, place, sessions):
    client.force_login(place.attendee)
    response = client.get(reverse("admin:cpd_register", args=[sessions[0].pk]))
    assert response.status_code == 302


def reader_of(cohort):
    """Staff on the programme who may read registers but not change them."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            codename="view_attendance", content_type__app_label="cpd"
        )
    )
    cohort.programme.facilitators.add(user)
    return user


def test_reader_sees_the_register_without_a_way_to_save(client, cohort, sessions):
    client.force_login(reader_of(cohort))
    response = client.get(reverse("admin:cpd_register", args=[sessions[0].pk]))
    assert response.status_code == 200
    assert response.context["can_change"] is False


def test_reader_cannot_save_a_register(client, cohort, sessions, place):
    client.force_login(reader_of(cohort))
    url = reverse("admin:cpd_register", args=[sessions[0].pk])
    response = client.post(url, register_post([(place, "attended", None)]))
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_reader_cannot_open_the_import_or_check_in(client, cohort, sessions):
    client.force_login(reader_of(cohort))
    for name in ["admin:cpd_register_import", "admin:cpd_check_in"]:
        url = reverse(name, args=[sessions[0].pk])
        assert client.get(url).status_code == 403, name


def test_finishing_a_cohort_needs_the_permission_to_issue_certificates(
    client, cohort, sessions, place
):
    attend(place, sessions[:3])
    client.force_login(reader_of(cohort))
    response = client.post(reverse("admin:cpd_cohort", args=[cohort.pk]))
    assert response.status_code == 403
    cohort.refresh_from_db()
    assert cohort.status == "running"
    assert not Certificate.objects.exists()


def test_facilitator_cannot_open_another_programmes_cohort_page(client, facilitator):
    other = CohortFactory(status="running")
    client.force_login(facilitator)
    response = client.get(reverse("admin:cpd_cohort", args=[other.pk]))
    assert response.status_code == 404


def test_import_previews_then_saves_on_confirm(
    client, facilitator, cohort, sessions, place
):
    client.force_login(facilitator)
    url = reverse("admin:cpd_register_import", args=[sessions[0].pk])
    page = client.post(
        url, {"report": SimpleUploadedFile("report.csv", SAMPLE, "text/csv")}
    )
    text = page.content.decode()
    assert "Not matched (4)" in text  # Fran, Tom, Priya and iPhone: not booked
    assert not Attendance.objects.exists()
    token = page.context["token"]
    client.post(url, {"confirm": "1", "token": token, "mark_missing_absent": "1"})
    assert Attendance.objects.get(place=place).minutes_present == 117


def test_import_with_a_tampered_token_saves_nothing(client, facilitator, sessions):
    client.force_login(facilitator)
    url = reverse("admin:cpd_register_import", args=[sessions[0].pk])
    client.post(url, {"confirm": "1", "token": "forged"})
    assert not Attendance.objects.exists()


def test_import_of_a_bad_file_shows_the_reason(client, facilitator, sessions):
    client.force_login(facilitator)
    url = reverse("admin:cpd_register_import", args=[sessions[0].pk])
    page = client.post(
        url, {"report": SimpleUploadedFile("r.csv", b"Who,When\n", "text/csv")}
    )
    assert "needs columns for name or email" in page.content.decode()


def test_check_in_screen_shows_code_and_qr(client, facilitator, sessions):
    session = sessions[0]
    session.mode = "in_person"
    session.save()
    client.force_login(facilitator)
    page = client.get(reverse("admin:cpd_check_in", args=[session.pk]))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert session.check_in.code in page.content.decode()


def test_done_when_six_sessions_by_hand_and_import_then_finish(
    client, facilitator, cohort, sessions, django_capture_on_commit_callbacks
):
    """A facilitator records six sessions, finishes the cohort, and everyone
    with three or more sessions gets a correct certificate."""
    people = [
        PlaceFactory(
            order__cohort=cohort, attendee=UserFactory(full_name=f"Person {n}")
        )
        for n in range(4)
    ]
    counts = [6, 3, 2, 0]  # sessions each person attends
    client.force_login(facilitator)
    for index, session in enumerate(sessions):
        present = [p for p, c in zip(people, counts, strict=True) if index < c]
        if index % 2 == 0:  # even sessions by hand
            lines = [
                (p, "attended" if p in present else "absent", None) for p in people
            ]
            client.post(
                reverse("admin:cpd_register", args=[session.pk]), register_post(lines)
            )
        else:  # odd sessions from the meeting report
            rows = "".join(
                f"{p.attendee_name},{p.attendee_email},110\n" for p in present
            )
            report = ("Name,Email,Duration (Minutes)\n" + rows).encode()
            url = reverse("admin:cpd_register_import", args=[session.pk])
            page = client.post(
                url, {"report": SimpleUploadedFile("r.csv", report, "text/csv")}
            )
            if present:
                client.post(
                    url,
                    {
                        "confirm": "1",
                        "token": page.context["token"],
                        "mark_missing_absent": "1",
                    },
                )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:cpd_cohort", args=[cohort.pk]))
    cohort.refresh_from_db()
    assert cohort.status == "finished"
    issued = {c.place_id: c for c in Certificate.objects.all()}
    assert set(issued) == {people[0].pk, people[1].pk}
    assert issued[people[0].pk].points == 18
    assert issued[people[1].pk].points == 9
    assert all(c.pdf for c in issued.values())
    assert Notification.objects.filter(kind="cpd_certificate_ready").count() == 2
    # Running it again changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:cpd_cohort", args=[cohort.pk]))
    assert Certificate.objects.count() == 2
    client.force_login(people[1].attendee)
    number = issued[people[1].pk].number
    response = client.get(reverse("cpd:download", args=[number]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("cpd:verify", args=[number])).status_code == 200


def test_saving_a_register_keeps_the_valid_lines_when_one_is_refused(
    client, facilitator, cohort, sessions, place
):
    other = PlaceFactory(order__cohort=cohort, attendee_name="Jo Valid")
    client.force_login(facilitator)
    client.post(
        reverse("admin:cpd_register", args=[sessions[0].pk]),
        register_post([(place, "attended", 500), (other, "attended", 45)]),
    )
    assert list(Attendance.objects.values_list("place", "minutes_present")) == [
        (other.pk, 45)
    ]


def test_a_refused_register_line_shows_its_reason_beside_it(
    client, facilitator, cohort, sessions, place
):
    other = PlaceFactory(order__cohort=cohort, attendee_name="Jo Valid")
    client.force_login(facilitator)
    page = client.post(
        reverse("admin:cpd_register", args=[sessions[0].pk]),
        register_post([(place, "attended", 500), (other, "attended", 45)]),
    )
    text = page.content.decode()
    assert page.status_code == 200
    row = text.split(f'id="line-{place.pk}"')[1].split("</tr>")[0]
    assert "Minutes present must be between 0 and" in row
    assert 'value="500"' in row
    assert "1 line was not saved" in text
    assert "Register saved for 1 participant." in text


def test_a_register_line_the_form_rejects_does_not_stop_the_others(
    client, facilitator, cohort, sessions, place
):
    other = PlaceFactory(order__cohort=cohort, attendee_name="Jo Valid")
    client.force_login(facilitator)
    page = client.post(
        reverse("admin:cpd_register", args=[sessions[0].pk]),
        register_post([(place, "attended", -5), (other, "absent", None)]),
    )
    assert page.status_code == 200
    assert list(Attendance.objects.values_list("place", "status")) == [
        (other.pk, "absent")
    ]
    row = page.content.decode().split(f'id="line-{place.pk}"')[1].split("</tr>")[0]
    assert "errorlist" in row


def test_a_register_posted_for_other_people_saves_nothing(
    client, facilitator, cohort, sessions, place
):
    stranger = PlaceFactory()  # another cohort's place
    client.force_login(facilitator)
    page = client.post(
        reverse("admin:cpd_register", args=[sessions[0].pk]),
        register_post([(stranger, "attended", None)]),
        follow=True,
    )
    assert "The register changed while you were editing it" in page.content.decode()
    assert not Attendance.objects.exists()


def test_the_register_lists_the_sessions_guests_as_guests(
    client, facilitator, sessions
):
    from community.models import GuestInvitation

    GuestInvitation.objects.create(
        session=sessions[0], name="Gita Guest", email="g@x.example", topic="Maps"
    )
    client.force_login(facilitator)
    text = client.get(reverse("admin:cpd_register", args=[sessions[0].pk])).content
    assert b"Gita Guest: Maps" in text
    assert b"get no certificate" in text
    other = client.get(reverse("admin:cpd_register", args=[sessions[1].pk])).content
    assert b"Gita Guest" not in other
