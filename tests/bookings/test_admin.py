"""Staff lists and actions: orders, places, invoices and the waiting list."""

import pytest
from django.urls import reverse

from bookings.models import Invoice, WaitingListEntry, WaitingListOffer
from bookings.services import Attendee, cancel_places
from bookings.waiting_list import join_waiting_list
from tests.bookings.helpers import book
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def invoiced(cohort, six, council, booker):
    return book(cohort, booker, six, count=3, organisation_id=council.pk)


def test_admin_lists_load(client, staff, invoiced):
    invoiced.cohort.capacity = 3  # full, so there is something to wait for
    invoiced.cohort.save()
    join_waiting_list(
        programme=invoiced.cohort.programme,
        cohort=invoiced.cohort,
        name="W",
        email="w@example.org",
    )
    for name in [
        "order",
        "place",
        "payment",
        "invoice",
        "waitinglistentry",
        "refund",
        "stripeevent",
    ]:
        url = reverse(f"admin:bookings_{name}_changelist")
        assert client.get(url).status_code == 200, url
    change = client.get(reverse("admin:bookings_order_change", args=[invoiced.pk]))
    assert "Free member place" in change.content.decode()


def test_orders_filter_by_cohort_status_and_organisation(client, staff, invoiced):
    url = reverse("admin:bookings_order_changelist")
    query = (
        f"?cohort__id__exact={invoiced.cohort_id}&status__exact=confirmed"
        f"&organisation__id__exact={invoiced.organisation_id}"
    )
    page = client.get(url + query).content.decode()
    assert invoiced.reference in page


def test_finance_marks_an_invoice_paid(client, staff, invoiced):
    invoice = invoiced.invoice
    client.post(
        reverse("admin:bookings_invoice_changelist"),
        {"action": "mark_paid", "_selected_action": [invoice.pk]},
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.marked_paid_by == staff


def test_waiting_list_shows_counts_and_promotes(client, staff, booker):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    order = book(cohort, booker, None, attendees=[Attendee("A", "a@example.org")])
    entry = join_waiting_list(
        programme=cohort.programme,
        cohort=cohort,
        name="W",
        email="w@example.org",
        places_wanted=2,
    )
    url = reverse("admin:bookings_waitinglistentry_changelist")
    assert "Waiting now" in client.get(url).content.decode()
    cancel_places(order_id=order.pk, actor=booker)
    WaitingListOffer.objects.all().delete()
    WaitingListEntry.objects.filter(pk=entry.pk).update(status="waiting")
    client.post(url, {"action": "offer_now", "_selected_action": [entry.pk]})
    assert WaitingListOffer.objects.get().entry == entry


def test_facilitator_sees_only_their_programmes_orders(client, invoiced, booker):
    from django.contrib.auth.models import Permission

    facilitator = UserFactory(is_staff=True)
    facilitator.user_permissions.add(
        Permission.objects.get(
            codename="view_order", content_type__app_label="bookings"
        )
    )
    other = CohortFactory()
    add_sessions(other, 6)
    theirs = book(other, booker, None, attendees=[Attendee("Z", "z@example.org")])
    invoiced.cohort.programme.facilitators.add(facilitator)
    client.force_login(facilitator)
    page = client.get(reverse("admin:bookings_order_changelist")).content.decode()
    assert invoiced.reference in page
    assert theirs.reference not in page


def test_raising_capacity_in_admin_offers_places(
    client, staff, booker, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1)
    add_sessions(cohort, 6)
    book(cohort, booker, None, attendees=[Attendee("A", "a@example.org")])
    join_waiting_list(
        programme=cohort.programme, cohort=cohort, name="W", email="w@example.org"
    )
    change = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    form = client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "programme": cohort.programme_id,
            "capacity": 2,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "price_options-TOTAL_FORMS": 0,
            "price_options-INITIAL_FORMS": 0,
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert WaitingListOffer.objects.count() == 1


def test_lowering_capacity_below_places_taken_in_admin_is_refused(
    client, staff, booker
):
    cohort = CohortFactory(capacity=3)
    add_sessions(cohort, 6)
    book(
        cohort,
        booker,
        None,
        attendees=[Attendee("A", "a@example.org"), Attendee("B", "b@example.org")],
    )
    change = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    form = client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "programme": cohort.programme_id,
            "capacity": 1,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "price_options-TOTAL_FORMS": 0,
            "price_options-INITIAL_FORMS": 0,
        }
    )

    response = client.post(change, data)

    assert response.status_code == 200
    assert "Capacity cannot be lower than the 2 places already taken." in (
        response.content.decode()
    )
    cohort.refresh_from_db()
    assert cohort.capacity == 3
