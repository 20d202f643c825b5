"""Network reports: the figures, their scope, the downloads and their cost."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bookings.models import Payment
from cop.models import OrganisationType
from cpd.models import Attendance
from staff import reports
from tests.applications.factories import InterestFactory
from tests.cop import builders
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
    add_sessions,
)
from tests.staff.conftest import crowd

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    today = timezone.localdate()
    return reports.Period(start=today - dt.timedelta(days=60), end=today)


def table(tables, key):
    return next(t for t in tables if t.key == key)


def test_participants_are_counted_by_organisation_type(coordinator, cohort, period):
    council = OrganisationFactory(type=OrganisationType.LOCAL_GOVERNMENT)
    PlaceFactory(order__cohort=cohort, attendee__organisation=council)
    PlaceFactory(order__cohort=cohort, attendee__organisation=council)
    rows = reports.participants_by_type(period, coordinator).rows
    assert [str(OrganisationType.LOCAL_GOVERNMENT.label), 2, 1] in rows


def test_a_participant_of_an_earlier_cohort_is_returning(coordinator, cohort, period):
    earlier = CohortFactory(programme=cohort.programme, name="Earlier")
    add_sessions(earlier, 1, first=timezone.now() - dt.timedelta(days=400))
    PlaceFactory(order__cohort=earlier, attendee_email="back@example.org")
    PlaceFactory(order__cohort=cohort, attendee_email="back@example.org")
    PlaceFactory(order__cohort=cohort)
    rows = reports.new_and_returning(period, coordinator).rows
    assert rows == [["New", 1], ["Returning", 1]]


def test_attendance_rate_per_session_counts_those_expected(
    coordinator, cohort, sessions, place, period
):
    PlaceFactory(order__cohort=cohort)
    Attendance.objects.create(session=sessions[0], place=place, status="attended")
    rows = reports.attendance_by_session(period, coordinator).rows
    first = rows[0]
    assert (first[3], first[4], first[5]) == (2, 1, Decimal("50.0"))
    assert len(rows) == 3  # the sessions held so far


def test_income_shows_booked_received_and_free_places(
    coordinator, cohort, sessions, period
):
    paid = PlaceFactory(order__cohort=cohort, total=Decimal("600.00"))
    PlaceFactory(order__cohort=cohort, is_free_place=True, list_price=Decimal("750.00"))
    Payment.objects.create(
        order=paid.order, method="card", status="paid", amount=Decimal("600.00")
    )
    row = reports.income(period, coordinator).rows[0]
    assert row[2:] == [
        Decimal("600.00"),
        Decimal("600.00"),
        Decimal("0.00"),
        Decimal("750.00"),
    ]


def test_unmet_demand_leaves_out_people_who_found_a_place(
    coordinator, cohort, sessions, period
):
    builders.waiting(UserFactory(email="still@example.org"), cohort=cohort)
    placed = UserFactory(email="placed@example.org")
    builders.waiting(placed, cohort=cohort)
    PlaceFactory(order__cohort=cohort, attendee=placed)
    InterestFactory(cohort=cohort, email="curious@example.org")
    rows = reports.unmet_demand(period, coordinator).rows
    assert rows == [[cohort.programme.name, 1, 1]]


def test_certificates_and_points_are_summed_per_programme(
    coordinator, cohort, place, period
):
    builders.certificate(place, points="12.00")
    row = reports.certificates_issued(period, coordinator).rows[0]
    assert row[:3] == [cohort.programme.name, 1, Decimal("12.00")]


def test_a_facilitator_sees_only_their_programmes_figures(
    client, facilitator, cohort, sessions, other_cohort
):
    other_cohort.sessions.update(starts_at=sessions[0].starts_at)
    PlaceFactory(order__cohort=cohort)
    PlaceFactory(order__cohort=other_cohort)
    client.force_login(facilitator)
    text = client.get(reverse("staff:reports")).content.decode()
    assert "Shared Practice" in text
    assert "Other Programme" not in text


def test_a_facilitators_csv_holds_only_their_programmes(
    client, facilitator, cohort, sessions, other_cohort
):
    other_cohort.sessions.update(starts_at=sessions[0].starts_at)
    PlaceFactory(order__cohort=cohort)
    PlaceFactory(order__cohort=other_cohort)
    client.force_login(facilitator)
    response = client.get(reverse("staff:report_download", args=["csv"]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Shared Practice" in text
    assert "Other Programme" not in text


def test_the_excel_download_has_a_sheet_per_table(
    client, coordinator, cohort, sessions, place
):
    client.force_login(coordinator)
    response = client.get(reverse("staff:report_download", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert "Income" in book.sheetnames
    assert len(book.sheetnames) == 8


def test_text_that_looks_like_a_formula_is_made_plain_in_the_csv(
    client, coordinator, sessions
):
    sessions[0].cohort.programme.__class__.objects.filter(
        pk=sessions[0].cohort.programme_id
    ).update(name="=HYPERLINK(1)")
    PlaceFactory(order__cohort=sessions[0].cohort)
    client.force_login(coordinator)
    response = client.get(reverse("staff:report_download", args=["csv"]))
    cells = [
        c for row in csv.reader(io.StringIO(response.content.decode())) for c in row
    ]
    assert "'=HYPERLINK(1): 2025-26" in cells


def test_an_end_before_the_start_is_refused_with_a_message(client, coordinator):
    client.force_login(coordinator)
    page = client.get(
        reverse("staff:reports"), {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert "The end date must be on or after the start date." in page.content.decode()
    assert page.context["tables"] == []


def test_another_programme_cannot_be_chosen_by_a_facilitator(
    client, facilitator, other_cohort
):
    client.force_login(facilitator)
    page = client.get(
        reverse("staff:reports"),
        {
            "start": "2026-01-01",
            "end": "2026-12-31",
            "programme": other_cohort.programme_id,
        },
    )
    assert page.context["tables"] == []


def test_reports_need_the_reports_permission(client, cohort):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("staff:reports")).status_code == 403


def test_the_report_costs_the_same_queries_for_ten_or_ten_thousand_participants(
    client, coordinator, cohort, sessions, django_assert_max_num_queries
):
    crowd(cohort, 10)
    client.force_login(coordinator)
    url = reverse("staff:reports")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    crowd(cohort, 9990, start=10)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_the_excel_export_costs_the_same_queries_for_many_participants(
    client, coordinator, cohort, sessions, django_assert_max_num_queries
):
    crowd(cohort, 10)
    client.force_login(coordinator)
    url = reverse("staff:report_download", args=["xlsx"])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    crowd(cohort, 9990, start=10)
    with django_assert_max_num_queries(len(small)):
        client.get(url)
