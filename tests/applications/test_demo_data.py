"""The demo shows issue 18: a custom question, two reviewers' scores, the
practitioner's calendar feed and the half day's catering numbers."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.models import ApplicationAnswer, Review
from cohorts.attendance import numbers_for
from cohorts.models import Question, Session
from cop.models import User
from portal.feed import feed_for
from tests.ics import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_application_programme_has_a_custom_question_answered(demo):
    question = Question.objects.get(programme__slug="connected-communities")

    assert ApplicationAnswer.objects.filter(question=question).count() == 2


def test_two_reviewers_scored_each_demo_application(demo):
    reviewers = set(Review.objects.values_list("reviewer__email", flat=True))

    assert reviewers == {"coordinator@example.com", "facilitator@example.com"}
    assert Review.objects.count() == 4


def test_the_practitioners_feed_shows_their_sessions(client, demo):
    practitioner = User.objects.get(email="practitioner@example.com")
    token = feed_for(practitioner).token

    body = client.get(reverse("portal:calendar_feed", args=[token])).content

    assert f"/calendar/{token}.ics" in demo
    assert len(events(body)) >= 6


def test_the_half_day_has_catering_numbers(demo):
    half_day = Session.objects.get(
        cohort__programme__slug="neighbourhood-practice",
        cohort__slug="2026-27",
        number=4,
    )

    numbers = numbers_for(half_day)

    assert half_day.mode == Session.Mode.HYBRID
    assert numbers.in_person == 2
    assert numbers.dietary and numbers.access
