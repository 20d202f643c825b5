"""What the growth fixes show: counts not lists, current cohorts first, search
without duplicates, and cached public parts that follow staff edits."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Programme
from cohorts.session_changes import session_changed
from tests.cop.builders import booking
from tests.factories import (
    CohortFactory,
    OrderFactory,
    PlaceFactory,
    ProgrammeFactory,
    UserFactory,
    add_sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(is_staff=True, is_superuser=True)


def test_home_counts_only_cohorts_not_finished(client):
    programme = ProgrammeFactory(name="Neighbourhood practice")
    CohortFactory(programme=programme, status=Cohort.Status.OPEN)
    CohortFactory(programme=programme, status=Cohort.Status.FINISHED)
    page = client.get("/").content.decode()
    assert "1 cohort open or running" in page


def test_home_says_no_dates_when_every_cohort_is_finished(client):
    programme = ProgrammeFactory()
    CohortFactory(programme=programme, status=Cohort.Status.FINISHED)
    assert "No dates announced yet." in client.get("/").content.decode()


def test_registers_show_current_cohorts_and_not_finished_ones(client, coordinator):
    current = CohortFactory(name="Current one", status=Cohort.Status.RUNNING)
    CohortFactory(name="Long gone", status=Cohort.Status.FINISHED)
    client.force_login(coordinator)
    page = client.get(reverse("admin:cpd_registers")).content.decode()
    assert current.name in page
    assert "Long gone" not in page


def test_registers_list_finished_cohorts_behind_a_link(client, coordinator):
    CohortFactory(name="Long gone", status=Cohort.Status.FINISHED)
    client.force_login(coordinator)
    url = reverse("admin:cpd_registers") + "?show=finished"
    assert "Long gone" in client.get(url).content.decode()


def test_registers_page_finished_cohorts_twenty_at_a_time(client, coordinator):
    for n in range(21):
        CohortFactory(name=f"Past {n:02d}", status=Cohort.Status.FINISHED)
    client.force_login(coordinator)
    url = reverse("admin:cpd_registers") + "?show=finished"
    first = client.get(url).content.decode()
    second = client.get(url + "&page=2").content.decode()
    assert first.count("CPD eligibility and certificates for") == 20
    assert "Page 1 of 2" in first
    assert second.count("CPD eligibility and certificates for") == 1


def test_order_search_finds_an_order_by_attendee_email_once(client, coordinator):
    order = OrderFactory()
    PlaceFactory(order=order, attendee=UserFactory(email="sam.one@eastvale.example"))
    PlaceFactory(order=order, attendee=UserFactory(email="sam.two@eastvale.example"))
    OrderFactory()
    client.force_login(coordinator)
    url = reverse("admin:bookings_order_changelist") + "?q=eastvale.example"
    response = client.get(url)
    assert list(response.context["cl"].result_list) == [order]


def test_order_search_words_must_all_match(client, coordinator):
    order = OrderFactory(booker=UserFactory(email="lead@eastvale.example"))
    OrderFactory(booker=UserFactory(email="lead@westvale.example"))
    client.force_login(coordinator)
    url = reverse("admin:bookings_order_changelist") + f"?q=lead {order.reference}"
    assert list(client.get(url).context["cl"].result_list) == [order]


def test_order_cohort_filter_offers_current_cohorts_only(client, coordinator):
    current = OrderFactory(cohort=CohortFactory(name="Now running")).cohort
    current.status = Cohort.Status.RUNNING
    current.save()
    OrderFactory(cohort=CohortFactory(name="Ages ago", status=Cohort.Status.FINISHED))
    client.force_login(coordinator)
    response = client.get(reverse("admin:bookings_order_changelist"))
    cohort_filter = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", "") == "cohort__id__exact"
    )
    offered = [label for _pk, label in cohort_filter.lookup_choices]
    assert offered == [str(current)]


def test_order_cohort_filter_still_filters_by_a_finished_cohort(client, coordinator):
    old = OrderFactory(cohort=CohortFactory(status=Cohort.Status.FINISHED))
    OrderFactory()
    client.force_login(coordinator)
    url = reverse("admin:bookings_order_changelist")
    response = client.get(url, {"cohort__id__exact": old.cohort_id})
    assert list(response.context["cl"].result_list) == [old]


def test_order_cohort_filter_ignores_a_cohort_id_that_is_not_a_number(
    client, coordinator
):
    OrderFactory()
    client.force_login(coordinator)
    url = reverse("admin:bookings_order_changelist")
    response = client.get(url, {"cohort__id__exact": "x"})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_dashboard_lists_orders_booked_for_the_person_and_by_them(client):
    person = UserFactory()
    for_them = booking(person, booker=UserFactory()).order
    by_them = OrderFactory(booker=person)
    PlaceFactory(order=by_them)
    OrderFactory()  # someone else's
    client.force_login(person)
    orders = client.get(reverse("account:dashboard")).context["orders"]
    assert {o.pk for o in orders} == {for_them.pk, by_them.pk}


def test_order_booked_and_attended_by_the_person_is_listed_once(client):
    person = UserFactory()
    order = booking(person).order
    PlaceFactory(order=order)
    client.force_login(person)
    orders = client.get(reverse("account:dashboard")).context["orders"]
    assert [o.pk for o in orders] == [order.pk]


# --- Cached public parts ------------------------------------------------------


def _open_cohort_with_a_session():
    cohort = CohortFactory(status=Cohort.Status.OPEN)
    session = add_sessions(cohort, 1)[0]
    return cohort, session


def test_session_list_is_served_from_the_cache(client, django_assert_max_num_queries):
    cohort, _ = _open_cohort_with_a_session()
    client.get(cohort.get_absolute_url())
    cohort.sessions.update(title="Renamed behind the cache's back")
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Renamed behind the cache's back" not in page


def test_session_change_service_refreshes_the_cached_session_list(client):
    cohort, session = _open_cohort_with_a_session()
    client.get(cohort.get_absolute_url())
    session.starts_at += dt.timedelta(days=1)
    session.ends_at += dt.timedelta(days=1)
    session.title = "Moved to Wednesday"
    session.save()
    session_changed(session=session, changed_fields=["starts_at", "title"])
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Moved to Wednesday" in page


def test_saving_the_cohort_in_the_admin_refreshes_its_session_list(client, coordinator):
    cohort, session = _open_cohort_with_a_session()
    client.get(cohort.get_absolute_url())
    client.force_login(coordinator)
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    data = {
        "programme": cohort.programme.pk,
        "name": cohort.name,
        "slug": cohort.slug,
        "status": cohort.status,
        "capacity": cohort.capacity,
        "cancellation_cutoff_days": 14,
        "refund_percent": 100,
        "sessions-TOTAL_FORMS": 1,
        "sessions-INITIAL_FORMS": 1,
        "price_options-TOTAL_FORMS": 0,
        "price_options-INITIAL_FORMS": 0,
        "sessions-0-id": session.pk,
        "sessions-0-cohort": cohort.pk,
        "sessions-0-number": 1,
        "sessions-0-title": "Retitled by staff",
        "sessions-0-starts_at_0": start.strftime("%d/%m/%Y"),
        "sessions-0-starts_at_1": start.strftime("%H:%M"),
        "sessions-0-ends_at_0": end.strftime("%d/%m/%Y"),
        "sessions-0-ends_at_1": end.strftime("%H:%M"),
        "sessions-0-mode": session.mode,
        "sessions-0-cpd_points": "1",
    }
    url = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    assert client.post(url, data).status_code == 302
    client.logout()
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Retitled by staff" in page


def test_joining_links_are_cached_apart_from_the_public_list(client):
    cohort, session = _open_cohort_with_a_session()
    session.mode = "online"
    session.joining_link = "https://meet.example/secret-room"
    session.save()
    participant = booking(UserFactory(), cohort=cohort).attendee
    client.force_login(participant)
    assert "secret-room" in client.get(cohort.get_absolute_url()).content.decode()
    client.logout()
    assert "secret-room" not in client.get(cohort.get_absolute_url()).content.decode()


def test_saving_the_programme_in_the_admin_refreshes_its_text(client, coordinator, rf):
    programme = ProgrammeFactory(audience="Old audience text")
    client.get(programme.get_absolute_url())
    programme.audience = "New audience text"
    programme.save()
    request = rf.post("/")
    request.user = coordinator
    form = SimpleNamespace(instance=programme, save_m2m=lambda: None)
    admin.site.get_model_admin(Programme).save_related(request, form, [], True)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "New audience text" in page
