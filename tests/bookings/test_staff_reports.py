"""Staff reports and downloads: participants CSV, free places used, invoice PDF.

Staff only, with the permission to see the rows, and only for the
programmes a facilitator runs: another programme's cohort or invoice is a
404, so the screen never confirms it exists.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.bookings.helpers import book
from tests.factories import CohortFactory, PlaceFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def invoiced(cohort, six, council, booker):
    return book(cohort, booker, six, count=3, organisation_id=council.pk)


def facilitator_of(cohort, *codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="bookings", codename__in=codenames
        )
    )
    cohort.programme.facilitators.add(user)
    return user


def test_participants_csv_per_cohort(client, staff, invoiced):
    url = reverse("admin:bookings_place_cohort_csv", args=[invoiced.cohort_id])
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Name", "Email"]
    assert len(rows) == 4
    assert {r[2] for r in rows[1:]} == {"Northtown Council"}


def test_free_places_used_per_organisation(client, staff, invoiced):
    page = client.get(reverse("admin:bookings_place_free_places")).content.decode()
    assert "Northtown Council" in page
    assert "<td>2</td>" in page


def test_admin_downloads_the_invoice_pdf(client, staff, invoiced):
    response = client.get(
        reverse("admin:bookings_invoice_pdf", args=[invoiced.invoice.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_participants_csv_needs_the_view_permission(client, cohort):
    """Facilitating a programme is not enough without permission to see places."""
    PlaceFactory(order__cohort=cohort)
    staff = UserFactory(is_staff=True)
    cohort.programme.facilitators.add(staff)
    client.force_login(staff)  # passes two-factor too (tests/conftest.py)
    url = reverse("admin:bookings_place_cohort_csv", args=[cohort.pk])
    assert client.get(url).status_code == 403


def test_participants_csv_of_another_programme_is_not_found(client, invoiced):
    other = CohortFactory()
    client.force_login(facilitator_of(other, "view_place"))
    url = reverse("admin:bookings_place_cohort_csv", args=[invoiced.cohort_id])
    assert client.get(url).status_code == 404


def test_free_places_report_shows_only_the_facilitators_programmes(client, invoiced):
    other = CohortFactory()
    add_sessions(other, 6)
    client.force_login(facilitator_of(other, "view_place"))
    page = client.get(reverse("admin:bookings_place_free_places")).content.decode()
    assert "Northtown Council" not in page


def test_invoice_pdf_of_another_programme_is_not_found(client, invoiced):
    other = CohortFactory()
    client.force_login(facilitator_of(other, "view_invoice"))
    url = reverse("admin:bookings_invoice_pdf", args=[invoiced.invoice.pk])
    assert client.get(url).status_code == 404


def test_reports_send_people_who_are_not_staff_to_sign_in(client, booker):
    client.force_login(booker)
    response = client.get(reverse("admin:bookings_place_free_places"))
    assert response.status_code == 302
    assert "login" in response["Location"]
