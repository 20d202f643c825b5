"""factory_boy factories shared by every app's tests."""

import datetime as dt
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from bookings.models import Order, Place, PriceOption
from cohorts.models import Cohort, Programme, Session
from cop.models import MembershipTier, Organisation, OrganisationType, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    job_role = "Community officer"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users are verified by default, as allauth requires to log in."""
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )
        if create:
            self.save()


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipTier
        django_get_or_create = ["slug"]

    name = "Standard"
    slug = factory.LazyAttribute(lambda o: o.name.lower())
    discount_percent = Decimal("33")
    free_places_per_cohort = 1
    free_place_organisation_types = [OrganisationType.LOCAL_GOVERNMENT]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = OrganisationType.CHARITY
    membership_tier = None
    membership_valid_from = factory.LazyAttribute(
        lambda o: dt.date(2020, 1, 1) if o.membership_tier else None
    )
    membership_valid_until = None


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "Peer learning for practitioners."
    audience = "Practitioners."
    content = "Practice."
    how_it_works = "Six sessions."
    format = Programme.Format.ONLINE
    booking_mode = Programme.BookingMode.DIRECT


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    capacity = 20
    status = Cohort.Status.OPEN


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Session {o.number}")
    starts_at = factory.LazyAttribute(
        lambda o: timezone.now() + dt.timedelta(days=30 + 7 * o.number)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    joining_link = factory.LazyAttribute(lambda o: f"https://meet.example/s{o.number}")


def add_sessions(cohort: Cohort, count: int = 6, first: dt.datetime | None = None):
    """Weekly two-hour sessions, the first one ``first`` (default: in 30 days)."""
    first = first or (timezone.now() + dt.timedelta(days=30))
    return [
        SessionFactory(
            cohort=cohort,
            number=i + 1,
            starts_at=first + dt.timedelta(weeks=i),
            ends_at=first + dt.timedelta(weeks=i, hours=2),
        )
        for i in range(count)
    ]


class PriceOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceOption

    cohort = factory.SubFactory(CohortFactory)
    name = "All six sessions"
    price = Decimal("750.00")
    sessions_included = None


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    cohort = factory.SubFactory(CohortFactory)
    booker = factory.SubFactory(UserFactory)
    status = Order.Status.CONFIRMED
    payment_method = Order.PaymentMethod.FREE
    total = Decimal("0.00")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    order = factory.SubFactory(OrderFactory)
    cohort = factory.SelfAttribute("order.cohort")
    attendee = factory.SubFactory(UserFactory)
    attendee_name = factory.SelfAttribute("attendee.full_name")
    attendee_email = factory.SelfAttribute("attendee.email")
    status = Place.Status.CONFIRMED
