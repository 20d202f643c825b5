import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from applications.errors import ApplicationError
from applications.models import Application
from applications.submission import save_application
from cohorts.models import Cohort
from cop.models import AuditEvent
from notifications.models import Notification
from tests.applications.factories import ApplicationFactory, RecruitingCohortFactory
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

ANSWERS = {
    "motivation": "To learn with peers.",
    "hopes": "Better ways to reach isolated older people.",
    "challenge": "Keeping volunteers.",
    "role": "front_line",
    "organisation_name": "Hillside Council",
    "organisation_supports": "on",
    "preferred_days": ["1", "3"],
    "preferred_times": ["afternoon", "evening"],
}


def _post(client, cohort, data, submit=True):
    extra = {"submit": "1"} if submit else {"draft": "1"}
    return client.post(
        reverse("applications:apply", args=[cohort.pk]), {**data, **extra}
    )


def test_applying_needs_a_signed_in_person(client, cohort):
    page = client.get(reverse("applications:apply", args=[cohort.pk]))
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]


def test_form_offers_the_three_default_times_of_day(client, cohort, practitioner):
    client.force_login(practitioner)
    page = client.get(reverse("applications:apply", args=[cohort.pk])).content.decode()
    for label in ["Morning (10:00-12:00)", "Afternoon (14:00-16:00)", "Evening"]:
        assert label in page


def test_form_offers_the_facilitators_own_slots_instead(client, cohort, practitioner):
    cohort.time_slots.create(
        label="Lunchtime", starts_at=dt.time(12, 30), ends_at=dt.time(14, 0)
    )
    client.force_login(practitioner)
    page = client.get(reverse("applications:apply", args=[cohort.pk])).content.decode()
    assert "Lunchtime (12:30-14:00)" in page
    assert "Morning" not in page


def test_submitting_records_answers_and_availability(client, cohort, practitioner):
    client.force_login(practitioner)
    page = _post(client, cohort, ANSWERS)
    application = Application.objects.get(cohort=cohort, applicant=practitioner)
    assert page.status_code == 302
    assert page["Location"] == reverse("applications:detail", args=[application.pk])
    assert application.status == Application.Status.SUBMITTED
    assert application.preferred_days == [1, 3]
    assert application.preferred_times == ["afternoon", "evening"]
    assert application.organisation_supports
    assert application.submitted_at is not None


def test_submitting_sends_one_acknowledgement(client, cohort, practitioner):
    client.force_login(practitioner)
    _post(client, cohort, ANSWERS)
    _post(client, cohort, {**ANSWERS, "hopes": "Changed my mind."})
    assert Notification.objects.filter(kind="applications_received").count() == 1
    assert AuditEvent.objects.filter(
        action="applications.application.submitted"
    ).exists()


def test_a_draft_saves_partial_answers(client, cohort, practitioner):
    client.force_login(practitioner)
    page = _post(client, cohort, {"motivation": "Half an idea"}, submit=False)
    assert page.status_code == 302
    application = Application.objects.get()
    assert application.status == Application.Status.DRAFT
    assert application.motivation == "Half an idea"
    assert not Notification.objects.exists()


def test_a_draft_can_be_edited_and_then_submitted(client, cohort, practitioner):
    client.force_login(practitioner)
    _post(client, cohort, {"motivation": "Half an idea"}, submit=False)
    form = client.get(reverse("applications:apply", args=[cohort.pk])).content.decode()
    assert "Half an idea" in form
    _post(client, cohort, ANSWERS)
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    assert application.motivation == "To learn with peers."


def test_submitting_without_every_answer_is_refused(client, cohort, practitioner):
    client.force_login(practitioner)
    incomplete = {**ANSWERS, "organisation_supports": "", "preferred_times": []}
    page = _post(client, cohort, incomplete)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Confirm that your organisation supports you" in text
    assert "Choose at least one time of day" in text
    assert not Application.objects.exists()


def test_the_form_starts_with_the_applicants_organisation(client, cohort):
    person = UserFactory(organisation=OrganisationFactory(name="Eastgate Trust"))
    client.force_login(person)
    page = client.get(reverse("applications:apply", args=[cohort.pk])).content.decode()
    assert 'value="Eastgate Trust"' in page


def test_a_tampered_time_slot_is_refused(client, cohort, practitioner):
    client.force_login(practitioner)
    page = _post(client, cohort, {**ANSWERS, "preferred_times": ["midnight"]})
    assert page.status_code == 200
    assert not Application.objects.exists()


def test_service_refuses_days_outside_the_week(cohort, practitioner):
    with pytest.raises(ApplicationError, match="from the lists offered"):
        save_application(
            cohort=cohort,
            applicant=practitioner,
            answers={"preferred_days": [7]},
            submit=False,
        )
    assert not Application.objects.exists()


def test_one_application_per_person_per_cohort(cohort, practitioner):
    ApplicationFactory(cohort=cohort, applicant=practitioner)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(cohort=cohort, applicant=practitioner)


def test_applying_again_edits_the_same_application(client, cohort, practitioner):
    client.force_login(practitioner)
    _post(client, cohort, ANSWERS)
    _post(client, cohort, {**ANSWERS, "hopes": "Second thoughts"})
    assert Application.objects.get().hopes == "Second thoughts"


def test_a_decided_application_cannot_be_changed(client, cohort, practitioner):
    application = ApplicationFactory(
        cohort=cohort, applicant=practitioner, status="shortlisted"
    )
    client.force_login(practitioner)
    page = _post(client, cohort, {**ANSWERS, "hopes": "Sneaky edit"})
    assert page.status_code == 302
    application.refresh_from_db()
    assert application.hopes != "Sneaky edit"


def test_programmes_booked_directly_have_no_application_form(client, practitioner):
    direct = RecruitingCohortFactory(programme__booking_mode="direct")
    client.force_login(practitioner)
    page = client.get(reverse("applications:apply", args=[direct.pk]))
    assert page.status_code == 404


def test_cohort_not_recruiting_shows_a_clear_message(client, cohort, practitioner):
    cohort.status = Cohort.Status.RUNNING
    cohort.save()
    client.force_login(practitioner)
    page = _post(client, cohort, ANSWERS)
    assert "not taking applications" in page.content.decode()
    assert not Application.objects.exists()


def test_before_opening_the_form_says_when_it_opens(client, practitioner):
    cohort = RecruitingCohortFactory(
        applications_open_at=dt.datetime(2030, 3, 6, 9, tzinfo=LONDON),
        application_deadline=dt.datetime(2030, 4, 3, 9, tzinfo=LONDON),
    )
    client.force_login(practitioner)
    page = client.get(reverse("applications:apply", args=[cohort.pk]))
    assert "Applications open on Wednesday 6 March 2030, 09:00" in page.content.decode()


# The deadline is 09:00 London time on a Wednesday just after a clock change:
# BST began on Sunday 29 March 2026 (09:00 BST = 08:00 UTC) and ended on
# Sunday 25 October 2026 (09:00 GMT = 09:00 UTC).
DEADLINES = [
    pytest.param(dt.datetime(2026, 4, 1, 9, tzinfo=LONDON), "08:00", id="spring"),
    pytest.param(dt.datetime(2026, 10, 28, 9, tzinfo=LONDON), "09:00", id="autumn"),
]


def _cohort_with_deadline(deadline):
    return RecruitingCohortFactory(
        applications_open_at=deadline - dt.timedelta(days=30),
        application_deadline=deadline,
    )


@pytest.mark.parametrize(("deadline", "utc"), DEADLINES)
def test_deadline_is_london_wall_time_across_a_clock_change(
    deadline, utc, practitioner
):
    cohort = _cohort_with_deadline(deadline)
    assert deadline.astimezone(UTC).strftime("%H:%M") == utc
    with time_machine.travel(deadline - dt.timedelta(seconds=1), tick=False):
        application = save_application(
            cohort=cohort, applicant=practitioner, answers={}, submit=False
        )
    assert application.pk


@pytest.mark.parametrize(("deadline", "utc"), DEADLINES)
def test_saving_at_the_deadline_itself_is_too_late(deadline, utc, practitioner):
    cohort = _cohort_with_deadline(deadline)
    with (
        time_machine.travel(deadline, tick=False),
        pytest.raises(ApplicationError, match="deadline was Wednesday"),
    ):
        save_application(
            cohort=cohort, applicant=practitioner, answers={}, submit=False
        )
    assert not Application.objects.exists()


def test_spring_deadline_is_not_read_as_gmt(client, practitioner):
    """At 08:30 UTC it is 09:30 in London: closed, though 08:30 GMT would be open."""
    deadline = dt.datetime(2026, 4, 1, 9, tzinfo=LONDON)
    cohort = _cohort_with_deadline(deadline)
    client.force_login(practitioner)
    with time_machine.travel(dt.datetime(2026, 4, 1, 8, 30, tzinfo=UTC), tick=False):
        page = _post(client, cohort, ANSWERS)
    text = page.content.decode()
    assert "The application deadline was Wednesday 1 April 2026, 09:00" in text
    assert not Application.objects.exists()


def test_a_draft_left_at_the_deadline_can_no_longer_be_submitted(client, practitioner):
    deadline = dt.datetime(2026, 10, 28, 9, tzinfo=LONDON)
    cohort = _cohort_with_deadline(deadline)
    client.force_login(practitioner)
    with time_machine.travel(deadline - dt.timedelta(hours=1), tick=False):
        _post(client, cohort, {"motivation": "Draft"}, submit=False)
    with time_machine.travel(deadline + dt.timedelta(minutes=1), tick=False):
        page = _post(client, cohort, ANSWERS)
    assert "Applications for this cohort are now closed" in page.content.decode()
    assert Application.objects.get().status == Application.Status.DRAFT
