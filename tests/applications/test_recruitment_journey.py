"""The whole recruitment of a 20-person free cohort, through the web pages."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from applications.models import Application
from bookings.models import Place
from cop.models import AuditEvent
from notifications.models import Notification
from tests.applications.factories import RecruitingCohortFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
OPENS = dt.datetime(2026, 11, 2, 9, tzinfo=LONDON)
DEADLINE = dt.datetime(2027, 1, 13, 9, tzinfo=LONDON)  # a Wednesday, 09:00


def _apply(person, cohort, days, times):
    client = Client()
    client.force_login(person)
    client.post(
        reverse("applications:interest", args=[cohort.pk]),
        {"name": person.full_name, "email": person.email, "role": "Officer"},
    )
    return client.post(
        reverse("applications:apply", args=[cohort.pk]),
        {
            "motivation": "Peer learning.",
            "hopes": "New ideas.",
            "challenge": "Reaching people.",
            "role": "front_line",
            "organisation_name": "Council",
            "organisation_supports": "on",
            "preferred_days": days,
            "preferred_times": times,
            "submit": "1",
        },
    )


def test_coordinator_runs_recruitment_from_interest_to_a_full_group(
    staff_client, coordinator
):
    cohort = RecruitingCohortFactory(
        capacity=20,
        applications_open_at=OPENS,
        application_deadline=DEADLINE,
        dropin_starts_at=dt.datetime(2026, 12, 8, 13, tzinfo=LONDON),
        dropin_ends_at=dt.datetime(2026, 12, 8, 14, tzinfo=LONDON),
    )
    people = [UserFactory() for _ in range(25)]
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=LONDON), tick=False):
        for i, person in enumerate(people):
            # 18 can do Tuesday afternoons; the rest only Thursday mornings.
            days, times = (
                (["1", "3"], ["afternoon"]) if i < 18 else (["3"], ["morning"])
            )
            assert _apply(person, cohort, days, times).status_code == 302
    assert Application.objects.filter(cohort=cohort, status="submitted").count() == 25

    with time_machine.travel(DEADLINE + dt.timedelta(minutes=5), tick=False):
        late = UserFactory()
        _apply(late, cohort, ["1"], ["afternoon"])
        assert not Application.objects.filter(applicant=late).exists()

        admin = staff_client(coordinator)
        tally_url = reverse("admin:applications_application_tally", args=[cohort.pk])
        tally = admin.get(tally_url + "?all=1").content.decode()
        assert (
            "<strong>Tuesday Afternoon (14:00-16:00)</strong>: suits 18 of 25" in tally
        )
        admin.post(
            tally_url, {"slot": "1:afternoon", "first_date": "2027-02-02", "count": 6}
        )
        assert cohort.sessions.count() == 6

        applications = list(Application.objects.filter(cohort=cohort).order_by("pk"))
        changelist = reverse("admin:applications_application_changelist")
        for action, chosen in [
            ("accept", applications[:20]),
            ("waitlist", applications[20:]),
        ]:
            admin.post(
                changelist,
                {
                    "action": action,
                    ACTION_CHECKBOX_NAME: [a.pk for a in chosen],
                    "apply": "1",
                    "subject": "About {programme}",
                    "body": "Dear {name}, news about {cohort}.",
                },
            )

    assert Place.objects.filter(cohort=cohort).confirmed().count() == 20
    assert Application.objects.filter(status="waitlisted").count() == 5
    kinds = Notification.objects.values_list("kind", flat=True)
    assert list(kinds).count("applications_interest") == 25
    assert list(kinds).count("applications_received") == 25
    assert list(kinds).count("applications_accepted") == 20
    assert list(kinds).count("applications_waitlisted") == 5
    accepted_email = Notification.objects.filter(kind="applications_accepted").first()
    assert "Tuesday 2 February 2027, 14:00-16:00" in accepted_email.body_text
    assert (
        AuditEvent.objects.filter(action="applications.application.accepted").count()
        == 20
    )
