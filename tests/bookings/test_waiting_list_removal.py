"""Staff remove people from the waiting list; people who left stay as they left."""

import pytest
from django.urls import reverse

from bookings import waiting_list
from bookings.capacity import places_left
from bookings.models import WaitingListEntry, WaitingListOffer
from bookings.services import cancel_places
from cop.models import AuditEvent
from tests.bookings.helpers import book
from tests.factories import CohortFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(booker):
    cohort = CohortFactory(capacity=2)
    add_sessions(cohort, 6)
    order = book(cohort, booker, None, count=2)
    return cohort, order


@pytest.fixture
def coordinator():
    return UserFactory(is_staff=True, is_superuser=True)


def join(cohort, email="wait@example.org"):
    return waiting_list.join_waiting_list(
        programme=cohort.programme, cohort=cohort, name="Wanda", email=email
    )


def actions_on(entry) -> list[str]:
    key = f"bookings.waitinglistentry:{entry.pk}"
    return list(
        AuditEvent.objects.filter(object_key=key)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_removing_a_waiting_entry_marks_it_removed_by_staff(full, coordinator):
    cohort, _order = full
    entry = join(cohort)
    assert waiting_list.remove_from_waiting_list(entry=entry, actor=coordinator)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.REMOVED


def test_removal_is_audited_as_removed_by_the_staff_member(full, coordinator):
    cohort, _order = full
    entry = join(cohort)
    waiting_list.remove_from_waiting_list(entry=entry, actor=coordinator)
    event = AuditEvent.objects.get(action="bookings.waiting_list.removed")
    assert event.actor == coordinator
    assert "bookings.waiting_list.left" not in actions_on(entry)


def test_removal_withdraws_an_open_offer_and_frees_its_place(full, booker, coordinator):
    cohort, order = full
    entry = join(cohort)
    cancel_places(order_id=order.pk, place_ids=[order.places.first().pk], actor=booker)
    waiting_list.offer_free_places(cohort_id=cohort.pk)
    waiting_list.remove_from_waiting_list(entry=entry, actor=coordinator)
    assert WaitingListOffer.objects.get().status == WaitingListOffer.Status.WITHDRAWN
    assert places_left(cohort) == 1


def test_removing_someone_who_left_by_themselves_changes_nothing(full, coordinator):
    cohort, _order = full
    entry = join(cohort)
    waiting_list.leave_waiting_list(entry=entry)
    assert not waiting_list.remove_from_waiting_list(entry=entry, actor=coordinator)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.LEFT
    assert actions_on(entry) == [
        "bookings.waiting_list.joined",
        "bookings.waiting_list.left",
    ]


def test_admin_remove_action_removes_waiting_entries(client, full, coordinator):
    cohort, _order = full
    entry = join(cohort)
    client.force_login(coordinator)
    client.post(
        reverse("admin:bookings_waitinglistentry_changelist"),
        {"action": "remove", "_selected_action": [entry.pk]},
    )
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.REMOVED
    assert actions_on(entry)[-1] == "bookings.waiting_list.removed"


def test_admin_remove_action_never_relabels_people_who_left(client, full, coordinator):
    cohort, _order = full
    gone = join(cohort, "gone@example.org")
    waiting_list.leave_waiting_list(entry=gone)
    still = join(cohort, "still@example.org")
    client.force_login(coordinator)
    page = client.post(
        reverse("admin:bookings_waitinglistentry_changelist"),
        {"action": "remove", "_selected_action": [gone.pk, still.pk]},
        follow=True,
    )
    gone.refresh_from_db()
    still.refresh_from_db()
    assert gone.status == WaitingListEntry.Status.LEFT
    assert still.status == WaitingListEntry.Status.REMOVED
    assert "1 were no longer waiting" in page.content.decode()
