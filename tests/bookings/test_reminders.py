"""Which reminders the periodic scan finds, with the clock moved."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import reminders as kinds
from bookings.models import Invoice, Order, Place
from bookings.reminders import scan_session_reminders
from notifications.models import Notification, ReminderPolicy
from notifications.scans import scan_all
from tests.factories import (
    CohortFactory,
    OrderFactory,
    SessionFactory,
    UserFactory,
    add_sessions,
)
from tests.ics import events, parse_ics
from tests.notifications.conftest import confirmed_place, utc

pytestmark = pytest.mark.django_db


def scan_at(moment: dt.datetime, committed) -> int:
    with time_machine.travel(moment, tick=False), committed():
        return scan_all()


def reminder_mails():
    """Session reminders in the outbox (the scan also sends place invites)."""
    return [m for m in mail.outbox if m.subject.startswith("Reminder:")]


def reminders_for(session):
    return Notification.objects.filter(
        kind=kinds.SESSION_REMINDER, about_key=f"cohorts.session:{session.pk}"
    )


def test_no_reminder_more_than_seven_days_before(session, committed):
    confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(days=7, minutes=1), committed)

    assert reminder_mails() == []


def test_first_reminder_goes_seven_days_before(session, committed):
    place = confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(days=7), committed)

    assert [m.to for m in reminder_mails()] == [[place.attendee_email]]
    assert "in a week" in reminder_mails()[0].subject
    assert reminders_for(session).get().variant.startswith("first@")


def test_second_reminder_goes_24_hours_before(session, committed):
    confirmed_place(session.cohort)
    scan_at(session.starts_at - dt.timedelta(days=6), committed)

    scan_at(session.starts_at - dt.timedelta(hours=23, minutes=59), committed)

    assert len(reminder_mails()) == 2
    assert "tomorrow" in reminder_mails()[1].subject
    assert reminders_for(session).filter(status="sent").count() == 2


def test_each_reminder_goes_once_however_often_the_scan_runs(session, committed):
    confirmed_place(session.cohort)

    for minutes in range(0, 60, 5):
        scan_at(session.starts_at - dt.timedelta(days=3, minutes=minutes), committed)

    assert len(reminder_mails()) == 1


def test_nothing_goes_after_the_session_has_started(session, committed):
    confirmed_place(session.cohort)

    scan_at(session.starts_at + dt.timedelta(minutes=1), committed)

    assert reminder_mails() == []


def test_someone_who_books_inside_the_last_day_gets_only_the_second(session, committed):
    confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(hours=5), committed)

    assert reminders_for(session).get().variant.startswith("second@")


def test_session_right_after_the_clocks_go_forward_is_reminded_24_hours_before(
    committed,
):
    # Clocks go forward at 01:00 UTC on Sunday 29 March 2026: 10:00 London is
    # 09:00 UTC that day, but 10:00 London the day before was 10:00 UTC.
    session = SessionFactory(
        starts_at=utc(2026, 3, 29, 9, 0), ends_at=utc(2026, 3, 29, 11, 0)
    )
    confirmed_place(session.cohort)

    scan_at(utc(2026, 3, 28, 8, 59), committed)  # 24h01m before: first window
    first = reminders_for(session).get()
    scan_at(utc(2026, 3, 28, 9, 0), committed)  # exactly 24 elapsed hours

    second = reminders_for(session).exclude(pk=first.pk).get()
    assert first.variant.startswith("first@")
    assert second.variant.startswith("second@")
    assert "Sunday 29 March 2026, 10:00-12:00" in second.body_text


def test_reminders_go_only_to_confirmed_places(session, committed):
    confirmed_place(session.cohort)
    confirmed_place(session.cohort, status=Place.Status.CANCELLED)
    confirmed_place(
        session.cohort,
        status=Place.Status.HELD,
        order__status=Order.Status.PENDING,
    )

    scan_at(session.starts_at - dt.timedelta(days=2), committed)

    assert len(reminder_mails()) == 1


def test_partial_package_is_reminded_only_of_its_chosen_sessions(committed):
    cohort = CohortFactory()
    first, second, third = add_sessions(cohort, 3, first=utc(2026, 6, 2, 9))
    everything = confirmed_place(cohort)
    chooser = confirmed_place(cohort, sessions=[first, third])

    scan_at(second.starts_at - dt.timedelta(days=2), committed)

    assert [m.to for m in reminder_mails()] == [[everything.attendee_email]]
    assert chooser.attendee_email not in {
        n.recipient_email for n in reminders_for(second)
    }


def test_cancelled_session_gets_no_reminder(session, committed):
    session.is_cancelled = True
    session.save()
    confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(days=2), committed)

    assert reminder_mails() == []


def test_programme_can_choose_its_own_reminder_times(session, committed):
    ReminderPolicy.objects.create(
        programme=session.cohort.programme,
        first_reminder_hours=72,
        second_reminder_hours=2,
    )
    confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(days=5), committed)
    assert reminder_mails() == []
    scan_at(session.starts_at - dt.timedelta(days=3), committed)
    scan_at(session.starts_at - dt.timedelta(hours=3), committed)
    scan_at(session.starts_at - dt.timedelta(hours=2), committed)

    assert ["in 3 days" in m.subject for m in reminder_mails()] == [True, False]
    assert "in 2 hours" in reminder_mails()[1].subject


def test_programme_can_turn_session_reminders_off(session, committed):
    ReminderPolicy.objects.create(
        programme=session.cohort.programme, send_session_reminders=False
    )
    confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(hours=2), committed)

    assert reminder_mails() == []


def test_second_reminder_must_come_after_the_first():
    from django.core.exceptions import ValidationError

    policy = ReminderPolicy(first_reminder_hours=24, second_reminder_hours=48)

    with pytest.raises(ValidationError, match="closer to the session"):
        policy.clean()


def test_moved_session_is_reminded_again_at_its_new_time(session, committed):
    confirmed_place(session.cohort)
    scan_at(session.starts_at - dt.timedelta(days=6), committed)
    session.starts_at += dt.timedelta(days=14)
    session.ends_at += dt.timedelta(days=14)
    session.save()

    scan_at(session.starts_at - dt.timedelta(days=6), committed)

    assert len(reminder_mails()) == 2
    assert reminders_for(session).count() == 2


def test_online_reminder_has_the_joining_link_and_an_invite(session, committed):
    confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(days=2), committed)

    message = reminder_mails()[0]
    assert "https://meet.example/shared-ground-1" in message.body
    assert "Tuesday 23 June 2026, 10:00-12:00" in message.body
    assert message.attachments[0][0] == "session-1.ics"
    parse_ics(message.attachments[0][1])


def test_in_person_reminder_has_the_venue_and_catering(session, committed):
    session.mode = session.Mode.IN_PERSON
    session.venue = "Friends Meeting House, 6 Mount Street, Manchester"
    session.catering = True
    session.save()
    confirmed_place(session.cohort)

    scan_at(session.starts_at - dt.timedelta(days=2), committed)

    body = reminder_mails()[0].body
    assert "Friends Meeting House" in body
    assert "Lunch or refreshments are provided" in body
    assert "meet.example" not in body


def test_unsubscribed_participant_is_skipped_and_the_log_says_so(session, committed):
    user = UserFactory(optional_emails=False)
    confirmed_place(session.cohort, attendee=user)

    scan_at(session.starts_at - dt.timedelta(days=2), committed)

    assert reminder_mails() == []
    assert reminders_for(session).get().status == Notification.Status.SKIPPED


def test_scan_queries_do_not_grow_with_participants(committed):
    def queries_for(participants: int) -> int:
        session = SessionFactory(
            starts_at=utc(2026, 6, 23, 9), ends_at=utc(2026, 6, 23, 11)
        )
        for _ in range(participants):
            confirmed_place(session.cohort)
        with (
            time_machine.travel(utc(2026, 6, 21, 9), tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            scan_session_reminders(now=utc(2026, 6, 21, 9))
        Notification.objects.all().delete()
        session.cohort.places.all().delete()
        session.delete()
        return len(queries)

    assert queries_for(3) == queries_for(12)


def test_post_session_notes_go_once_after_the_session_ends(session, committed):
    session.facilitator_notes = "Action step: map one partnership."
    session.save()
    confirmed_place(session.cohort)

    scan_at(session.ends_at - dt.timedelta(minutes=1), committed)
    notes_before_end = [m for m in mail.outbox if "Notes from" in m.subject]
    scan_at(session.ends_at + dt.timedelta(minutes=5), committed)
    scan_at(session.ends_at + dt.timedelta(hours=2), committed)

    notes = [m for m in mail.outbox if "Notes from" in m.subject]
    assert notes_before_end == []
    assert len(notes) == 1
    assert "Action step: map one partnership." in notes[0].body


def test_no_post_session_email_without_notes(session, committed):
    confirmed_place(session.cohort)

    scan_at(session.ends_at + dt.timedelta(hours=1), committed)

    assert not [m for m in mail.outbox if "Notes from" in m.subject]


def invoice(status="issued") -> Invoice:
    order = OrderFactory(payment_method=Order.PaymentMethod.INVOICE)
    return Invoice.objects.create(
        order=order,
        number=order.pk,
        status=status,
        amount=Decimal("750.00"),
        due_on=dt.date(2026, 5, 31),
        billing_name="Northshire Council",
        billing_contact="Accounts payable",
        billing_email="accounts@northshire.example",
        billing_address="1 Town Hall Square",
    )


def test_unpaid_invoice_is_reminded_after_its_due_date_then_weekly(committed):
    unpaid = invoice()

    scan_at(utc(2026, 5, 31, 12), committed)  # due today: not yet
    scan_at(utc(2026, 6, 1, 12), committed)
    scan_at(utc(2026, 6, 2, 12), committed)
    scan_at(utc(2026, 6, 7, 12), committed)  # a week after it fell due

    invoices = [m for m in mail.outbox if unpaid.display_number in m.subject]
    assert [m.to for m in invoices] == [["accounts@northshire.example"]] * 2
    assert invoices[1].subject.startswith("Second reminder")
    assert "£750.00" in invoices[0].body


def test_paid_invoice_is_not_reminded(committed):
    invoice(status=Invoice.Status.PAID)

    scan_at(utc(2026, 6, 7, 12), committed)

    assert mail.outbox == []


def test_confirmed_place_gets_one_invite_with_all_its_sessions(committed):
    cohort = CohortFactory()
    add_sessions(cohort, 3, first=utc(2026, 6, 2, 9))
    with time_machine.travel(utc(2026, 5, 1, 9), tick=False):
        place = confirmed_place(cohort)

    scan_at(utc(2026, 5, 1, 9, 5), committed)
    scan_at(utc(2026, 5, 1, 9, 10), committed)

    invites = Notification.objects.filter(kind=kinds.PLACE_INVITE)
    assert [n.recipient_email for n in invites] == [place.attendee_email]
    assert len(events(invites.get().attachments[0][1])) == 3


def test_no_second_invite_for_a_place_booked_with_the_confirmation(committed):
    cohort = CohortFactory()
    add_sessions(cohort, 2, first=utc(2026, 6, 2, 9))
    with time_machine.travel(utc(2026, 5, 1, 9), tick=False):
        place = confirmed_place(cohort)
    Notification.objects.create(
        kind="bookings_confirmation",
        recipient_email=place.attendee_email,
        cohort=cohort,
        about_key=f"bookings.order:{place.order_id}",
        status=Notification.Status.SENT,
    )

    scan_at(utc(2026, 5, 1, 9, 5), committed)

    assert not Notification.objects.filter(kind=kinds.PLACE_INVITE).exists()
