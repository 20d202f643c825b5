from decimal import Decimal

import pytest

from applications.errors import ApplicationError
from applications.messages import MessageText
from applications.models import Application, DecisionMessage
from applications.selection import decide, move_to_cohort, withdraw
from bookings.models import Order, Place
from cop.models import AuditEvent
from notifications.models import Notification
from tests.applications.factories import ApplicationFactory, RecruitingCohortFactory
from tests.factories import (
    OrganisationFactory,
    PlaceFactory,
    PriceOptionFactory,
    TierFactory,
    add_sessions,
)

pytestmark = pytest.mark.django_db


def _decide(applications, decision, actor=None, message=None):
    return decide(
        cohort_id=applications[0].cohort_id,
        application_ids=[a.pk for a in applications],
        decision=decision,
        actor=actor,
        message=message,
    )


def test_accepting_gives_a_confirmed_free_place(cohort, facilitator):
    application = ApplicationFactory(cohort=cohort)
    _decide([application], "accepted", facilitator)
    application.refresh_from_db()
    place = application.place
    assert application.status == Application.Status.ACCEPTED
    assert place.status == Place.Status.CONFIRMED
    assert place.attendee == application.applicant
    assert place.order.payment_method == Order.PaymentMethod.FREE
    assert place.order.status == Order.Status.CONFIRMED
    assert place.order.total == Decimal("0.00")


def test_accepting_into_a_priced_cohort_raises_an_invoice(cohort, facilitator):
    PriceOptionFactory(cohort=cohort, price=Decimal("150.00"))
    application = ApplicationFactory(cohort=cohort)
    _decide([application], "accepted", facilitator)
    order = Application.objects.get().place.order
    assert order.payment_method == Order.PaymentMethod.INVOICE
    assert order.status == Order.Status.CONFIRMED
    assert order.total == Decimal("150.00")
    assert order.invoice.amount == Decimal("150.00")


def test_a_priced_place_gets_the_member_discount(cohort):
    PriceOptionFactory(cohort=cohort, price=Decimal("750.00"))
    member = OrganisationFactory(membership_tier=TierFactory())
    application = ApplicationFactory(
        cohort=cohort,
        applicant__organisation=member,
        applicant__organisation_confirmed=True,
    )
    _decide([application], "accepted")
    place = Application.objects.get().place
    assert place.total == Decimal("502.50")
    assert place.order.organisation == member


def test_an_unconfirmed_link_to_a_member_gets_the_list_price(cohort):
    PriceOptionFactory(cohort=cohort, price=Decimal("750.00"))
    member = OrganisationFactory(membership_tier=TierFactory())
    application = ApplicationFactory(cohort=cohort, applicant__organisation=member)
    _decide([application], "accepted")
    place = Application.objects.get().place
    assert place.total == Decimal("750.00")
    assert place.order.organisation is None


def test_withdrawing_a_paid_place_credits_the_invoice(cohort):
    PriceOptionFactory(cohort=cohort, price=Decimal("150.00"))
    application = ApplicationFactory(cohort=cohort)
    _decide([application], "accepted")
    withdraw(application_id=application.pk, actor=None)
    place = Place.objects.get()
    assert place.status == Place.Status.CANCELLED
    assert place.order.invoice.balance == Decimal("0.00")


def test_accepting_emails_the_cohorts_wording_with_the_dates(cohort, facilitator):
    add_sessions(cohort, 6)
    application = ApplicationFactory(cohort=cohort, applicant__full_name="Kim Lee")
    _decide([application], "accepted", facilitator)
    email = Notification.objects.get(kind="applications_accepted")
    assert email.recipient_email == application.applicant.email
    assert email.subject == f"You have a place in {cohort.programme.name}"
    assert "Dear Kim Lee" in email.body_text
    assert "Session 6" in email.body_text


def test_edited_wording_is_sent_and_kept_for_the_cohort(cohort, facilitator):
    application = ApplicationFactory(cohort=cohort, applicant__full_name="Kim Lee")
    text = MessageText("Welcome, {name}", "Hello {name}, see you in {cohort}.")
    _decide([application], "accepted", facilitator, message=text)
    email = Notification.objects.get(kind="applications_accepted")
    assert email.subject == "Welcome, Kim Lee"
    assert f"Hello Kim Lee, see you in {cohort.name}." in email.body_text
    saved = DecisionMessage.objects.get(cohort=cohort, kind="accepted")
    assert saved.body == "Hello {name}, see you in {cohort}."


@pytest.mark.parametrize(
    ("decision", "kind"),
    [("waitlisted", "applications_waitlisted"), ("declined", "applications_declined")],
)
def test_waitlisting_and_declining_email_without_a_place(cohort, decision, kind):
    application = ApplicationFactory(cohort=cohort)
    _decide([application], decision)
    application.refresh_from_db()
    assert application.status == decision
    assert application.place is None
    assert Notification.objects.filter(kind=kind).count() == 1
    assert not Place.objects.exists()


def test_shortlisting_sends_no_email(cohort):
    application = ApplicationFactory(cohort=cohort)
    _decide([application], "shortlisted")
    assert Application.objects.get().status == "shortlisted"
    assert not Notification.objects.exists()


def test_every_decision_is_audited(cohort, facilitator):
    application = ApplicationFactory(cohort=cohort)
    _decide([application], "shortlisted", facilitator)
    _decide([application], "accepted", facilitator)
    actions = list(
        AuditEvent.objects.filter(action__startswith="applications.")
        .order_by("created_at", "pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("applications.application.shortlisted", facilitator.pk),
        ("applications.application.accepted", facilitator.pk),
    ]


def test_accepting_more_than_the_places_left_changes_nothing(cohort):
    cohort.capacity = 3
    cohort.save()
    PlaceFactory(order__cohort=cohort)
    applications = ApplicationFactory.create_batch(3, cohort=cohort)
    with pytest.raises(ApplicationError, match="Only 2 places are left"):
        _decide(applications, "accepted")
    assert not Application.objects.filter(status="accepted").exists()
    assert Place.objects.count() == 1
    assert not Notification.objects.exists()


def test_a_batch_with_a_draft_is_refused_whole(cohort):
    good = ApplicationFactory(cohort=cohort)
    draft = ApplicationFactory(cohort=cohort, status="draft")
    with pytest.raises(ApplicationError, match="cannot be accepted"):
        _decide([good, draft], "accepted")
    assert Application.objects.get(pk=good.pk).status == "submitted"


def test_ids_from_another_cohort_are_refused(cohort):
    mine = ApplicationFactory(cohort=cohort)
    elsewhere = ApplicationFactory()
    with pytest.raises(ApplicationError, match="not found"):
        decide(
            cohort_id=cohort.pk,
            application_ids=[mine.pk, elsewhere.pk],
            decision="accepted",
            actor=None,
        )
    assert not Place.objects.exists()


def test_a_declined_applicant_cannot_then_be_accepted(cohort):
    application = ApplicationFactory(cohort=cohort, status="declined")
    with pytest.raises(ApplicationError):
        _decide([application], "accepted")


def test_a_waitlisted_applicant_can_be_accepted_later(cohort):
    application = ApplicationFactory(cohort=cohort, status="waitlisted")
    _decide([application], "accepted")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"applications_accepted"}


def test_withdrawing_an_accepted_applicant_frees_the_place(cohort):
    application = ApplicationFactory(cohort=cohort)
    _decide([application], "accepted")
    withdraw(application_id=application.pk, actor=None)
    place = Place.objects.get()
    assert place.status == Place.Status.CANCELLED
    assert place.order.status == Order.Status.CANCELLED


def test_accepting_someone_who_already_booked_reuses_their_place(cohort):
    application = ApplicationFactory(cohort=cohort)
    booked = PlaceFactory(order__cohort=cohort, attendee=application.applicant)
    _decide([application], "accepted")
    assert Application.objects.get().place == booked
    assert Place.objects.count() == 1


# --- run another group -------------------------------------------------------


def test_another_group_moves_accepted_and_waitlisted_applicants(cohort, facilitator):
    second = RecruitingCohortFactory(programme=cohort.programme, slug="group-2")
    accepted = ApplicationFactory(cohort=cohort)
    _decide([accepted], "accepted")
    waiting = ApplicationFactory(cohort=cohort, status="waitlisted")
    move_to_cohort(
        source_cohort_id=cohort.pk,
        target_cohort_id=second.pk,
        application_ids=[accepted.pk, waiting.pk],
        actor=facilitator,
    )
    for application in (accepted, waiting):
        application.refresh_from_db()
        assert application.cohort == second
        assert application.status == "accepted"
        assert application.place.cohort == second
    assert not Place.objects.filter(cohort=cohort, status="confirmed").exists()
    assert Notification.objects.filter(kind="applications_moved").count() == 2


def test_another_group_keeps_its_capacity(cohort):
    second = RecruitingCohortFactory(programme=cohort.programme, capacity=1)
    applications = ApplicationFactory.create_batch(
        2, cohort=cohort, status="waitlisted"
    )
    with pytest.raises(ApplicationError, match="Nothing changed"):
        move_to_cohort(
            source_cohort_id=cohort.pk,
            target_cohort_id=second.pk,
            application_ids=[a.pk for a in applications],
            actor=None,
        )
    assert Application.objects.filter(cohort=second).count() == 0


def test_another_group_must_be_the_same_programme(cohort):
    other = RecruitingCohortFactory()
    application = ApplicationFactory(cohort=cohort, status="waitlisted")
    with pytest.raises(ApplicationError, match="same programme"):
        move_to_cohort(
            source_cohort_id=cohort.pk,
            target_cohort_id=other.pk,
            application_ids=[application.pk],
            actor=None,
        )
    application.refresh_from_db()
    assert application.cohort == cohort


def test_submitted_applicants_are_not_moved(cohort):
    second = RecruitingCohortFactory(programme=cohort.programme)
    application = ApplicationFactory(cohort=cohort)
    with pytest.raises(ApplicationError, match="Only accepted or waitlisted"):
        move_to_cohort(
            source_cohort_id=cohort.pk,
            target_cohort_id=second.pk,
            application_ids=[application.pk],
            actor=None,
        )
