"""Factories for recruitment by application (extra to tests/factories.py)."""

import datetime as dt

import factory
from django.utils import timezone

from applications.models import Application, ExpressionOfInterest
from cohorts.models import Programme
from tests.factories import CohortFactory, ProgrammeFactory, UserFactory


class ApplicationProgrammeFactory(ProgrammeFactory):
    booking_mode = Programme.BookingMode.APPLICATION


class RecruitingCohortFactory(CohortFactory):
    """A cohort taking applications now: opened a week ago, closes in two."""

    programme = factory.SubFactory(ApplicationProgrammeFactory)
    capacity = 20
    applications_open_at = factory.LazyFunction(
        lambda: timezone.now() - dt.timedelta(days=7)
    )
    application_deadline = factory.LazyFunction(
        lambda: timezone.now() + dt.timedelta(days=14)
    )
    dropin_starts_at = factory.LazyFunction(
        lambda: timezone.now() + dt.timedelta(days=3)
    )
    dropin_ends_at = factory.LazyAttribute(
        lambda o: o.dropin_starts_at + dt.timedelta(hours=1)
    )
    dropin_joining_link = "https://meet.example/dropin"


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest

    cohort = factory.SubFactory(RecruitingCohortFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"interested{n}@example.org")
    organisation = "Riverside Housing"
    role = "Community connector"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete, submitted application."""

    class Meta:
        model = Application

    cohort = factory.SubFactory(RecruitingCohortFactory)
    applicant = factory.SubFactory(UserFactory)
    status = Application.Status.SUBMITTED
    motivation = "To learn from others tackling isolation."
    hopes = "A new approach for our befriending scheme."
    challenge = "Reaching people who never come to anything."
    role = Application.Role.FRONT_LINE
    organisation_name = "Riverside Housing"
    organisation_supports = True
    preferred_days = [1, 2]
    preferred_times = ["afternoon"]
    submitted_at = factory.LazyFunction(timezone.now)
