"""Today: the admin home for staff, what needs doing in their programmes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Invoice, WaitingListOffer
from cpd.models import Attendance
from tests.cop import builders
from tests.factories import PlaceFactory, UserFactory
from tests.staff.conftest import crowd

pytestmark = pytest.mark.django_db


def today_page(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index"))


def test_the_admin_home_is_today_for_staff(client, facilitator):
    page = today_page(client, facilitator)
    assert page.status_code == 200
    assert "What needs doing" in page.content.decode()


def test_the_model_list_stays_reachable(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("staff:models"))
    assert page.status_code == 200
    assert reverse("admin:cohorts_cohort_changelist") in page.content.decode()


def test_someone_not_staff_is_sent_to_sign_in(client):
    client.force_login(UserFactory())
    response = client.get(reverse("staff:today"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_applications_waiting_counts_only_the_facilitators_programmes(
    client, facilitator, cohort, other_cohort
):
    builders.application(UserFactory(), cohort=cohort)
    builders.application(UserFactory(), cohort=other_cohort)
    builders.application(UserFactory(), cohort=other_cohort)
    page = today_page(client, facilitator).context
    item = page["items"][0]
    assert (item.label, item.count) == ("Applications waiting for a decision", 1)


def test_an_ended_session_with_an_empty_register_is_listed(
    client, facilitator, sessions, place
):
    Attendance.objects.create(session=sessions[0], place=place, status="attended")
    item = today_page(client, facilitator).context["items"][1]
    assert [s.pk for s in item.rows] == [sessions[1].pk, sessions[2].pk]


def test_overdue_invoices_are_counted(client, facilitator, cohort, place):
    invoice = builders.invoice_for(place.order, 5001)
    Invoice.objects.filter(pk=invoice.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    item = today_page(client, facilitator).context["items"][2]
    assert item.count == 1


def test_open_waiting_list_offers_are_counted(client, facilitator, cohort):
    entry = builders.waiting(UserFactory(), cohort=cohort)
    WaitingListOffer.objects.create(
        entry=entry,
        cohort=cohort,
        places=1,
        expires_at=timezone.now() + dt.timedelta(days=2),
    )
    item = today_page(client, facilitator).context["items"][3]
    assert item.count == 1


def test_a_certificate_issued_before_an_attendance_change_is_out_of_date(
    client, facilitator, sessions, place
):
    certificate = builders.certificate(place)
    type(certificate).objects.filter(pk=certificate.pk).update(
        issued_at=timezone.now() - dt.timedelta(days=1)
    )
    Attendance.objects.create(session=sessions[0], place=place, status="absent")
    item = today_page(client, facilitator).context["items"][4]
    assert "1 issued certificates are out of date" in item.detail


def test_the_week_ahead_lists_own_sessions_with_their_register(
    client, facilitator, sessions, other_cohort
):
    page = today_page(client, facilitator)
    listed = [s.pk for s in page.context["sessions"]]
    assert listed == [sessions[3].pk]
    assert reverse("admin:cpd_register", args=[sessions[3].pk]) in page.content.decode()


def test_a_coordinator_sees_every_programmes_week(
    client, coordinator, sessions, other_cohort
):
    listed = {s.cohort_id for s in today_page(client, coordinator).context["sessions"]}
    assert listed == {sessions[0].cohort_id, other_cohort.pk}


def test_today_costs_the_same_queries_for_ten_or_ten_thousand_participants(
    client, facilitator, cohort, sessions, django_assert_max_num_queries
):
    crowd(cohort, 10)
    client.force_login(facilitator)
    url = reverse("staff:today")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    crowd(cohort, 9990, start=10)
    PlaceFactory(order__cohort=cohort)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_every_item_links_to_a_page_that_opens(client, coordinator, cohort):
    client.force_login(coordinator)
    for item in client.get(reverse("staff:today")).context["items"]:
        assert client.get(item.url).status_code == 200, item.url
