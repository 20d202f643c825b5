import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from applications.availability import count_slots, find_option, tally
from applications.errors import ApplicationError
from applications.scheduling import schedule_weekly_sessions
from cohorts.session_changes import SESSION_UPDATED
from cop.models import AuditEvent
from notifications.models import Notification
from tests.applications.factories import ApplicationFactory, RecruitingCohortFactory
from tests.factories import PlaceFactory, UserFactory, add_sessions
from tests.ics import parse_ics

LONDON = ZoneInfo("Europe/London")


def test_count_slots_counts_each_day_and_time_pair_once_per_person():
    counts, people = count_slots(
        [
            ([1, 2], ["morning", "afternoon"]),
            ([1], ["afternoon"]),
            ([1, 1], ["afternoon", "afternoon"]),  # repeats count once
            ([9, "x"], ["nonsense"]),  # tampered values are ignored
        ],
        valid_times={"morning", "afternoon", "evening"},
    )
    assert people == 4
    assert counts[(1, "afternoon")] == 3
    assert counts[(1, "morning")] == 1
    assert counts[(2, "afternoon")] == 1
    assert counts[(2, "evening")] == 0


@pytest.fixture
def known_set(cohort):
    """Five accepted and two other applications with known preferences."""
    accepted = [
        ([1], ["afternoon"]),
        ([1, 3], ["afternoon"]),
        ([1, 3], ["morning", "afternoon"]),
        ([3], ["morning"]),
        ([4], ["evening"]),
    ]
    for days, times in accepted:
        ApplicationFactory(
            cohort=cohort, status="accepted", preferred_days=days, preferred_times=times
        )
    ApplicationFactory(
        cohort=cohort,
        status="submitted",
        preferred_days=[4],
        preferred_times=["evening"],
    )
    ApplicationFactory(
        cohort=cohort,
        status="waitlisted",
        preferred_days=[4],
        preferred_times=["evening"],
    )
    ApplicationFactory(
        cohort=cohort,
        status="declined",
        preferred_days=[4],
        preferred_times=["evening"],
    )
    ApplicationFactory(
        cohort=cohort, status="draft", preferred_days=[4], preferred_times=["evening"]
    )
    return cohort


@pytest.mark.django_db
def test_tally_counts_accepted_applicants_by_default(known_set):
    result = tally(known_set)
    counts = {(r.day, r.time.code): r.count for r in result.rows}
    assert result.people == 5
    assert counts[(1, "afternoon")] == 3
    assert counts[(3, "afternoon")] == 2
    assert counts[(3, "morning")] == 2
    assert counts[(4, "evening")] == 1
    assert sum(counts.values()) == 9
    assert [(r.day, r.time.code) for r in result.best] == [(1, "afternoon")]
    assert result.best[0].share == 60


@pytest.mark.django_db
def test_tally_of_everyone_in_the_running_counts_submitted_and_waitlisted(known_set):
    result = tally(known_set, include_all=True)
    counts = {(r.day, r.time.code): r.count for r in result.rows}
    assert result.people == 7
    assert counts[(4, "evening")] == 3


@pytest.mark.django_db
def test_tally_reports_ties_as_several_best_slots(cohort):
    ApplicationFactory(
        cohort=cohort,
        status="accepted",
        preferred_days=[0],
        preferred_times=["morning"],
    )
    ApplicationFactory(
        cohort=cohort,
        status="accepted",
        preferred_days=[4],
        preferred_times=["evening"],
    )
    assert len(tally(cohort).best) == 2


@pytest.mark.django_db
def test_empty_tally_has_no_best_slot(cohort):
    assert tally(cohort).best == []


@pytest.mark.django_db
def test_tally_page_shows_table_bars_and_best_slot(
    staff_client, facilitator, known_set
):
    client = staff_client(facilitator)
    url = reverse("admin:applications_application_tally", args=[known_set.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<strong>Tuesday Afternoon (14:00-16:00)</strong>: suits 3 of 5" in text
    assert '<meter min="0" max="5" value="3"' in text
    assert "style=" not in text.split('id="content"')[1]
    all_page = client.get(url + "?all=1").content.decode()
    assert "all 7 applicants still in the running" in all_page


# --- generating the six sessions -----------------------------------------------


@pytest.mark.django_db
def test_choosing_a_slot_sets_six_weekly_sessions_in_london_time(cohort):
    option = find_option(cohort, "afternoon")
    # Tuesday 19 March 2030; the clocks go forward on 31 March, after session 2.
    sessions = schedule_weekly_sessions(
        cohort=cohort,
        weekday=1,
        option=option,
        first_date=dt.date(2030, 3, 19),
        actor=None,
    )
    assert [s.number for s in sessions] == [1, 2, 3, 4, 5, 6]
    local = [s.starts_at.astimezone(LONDON) for s in cohort.sessions.order_by("number")]
    assert [d.date() for d in local] == [
        dt.date(2030, 3, 19) + dt.timedelta(weeks=i) for i in range(6)
    ]
    assert {(d.hour, d.minute) for d in local} == {(14, 0)}
    utc_hours = {s.starts_at.astimezone(dt.UTC).hour for s in cohort.sessions.all()}
    assert utc_hours == {13, 14}  # GMT before 31 March 2030, BST after
    assert AuditEvent.objects.filter(
        action="cohorts.cohort.sessions_scheduled"
    ).exists()


@pytest.mark.django_db
def test_scheduling_moves_existing_sessions_and_keeps_their_titles(cohort):
    add_sessions(cohort, 6)
    cohort.sessions.filter(number=1).update(title="Orientation")
    schedule_weekly_sessions(
        cohort=cohort,
        weekday=3,
        option=find_option(cohort, "morning"),
        first_date=dt.date(2030, 5, 2),
        actor=None,
    )
    first = cohort.sessions.get(number=1)
    assert first.title == "Orientation"
    assert first.sequence == 1
    assert first.starts_at == dt.datetime(2030, 5, 2, 10, tzinfo=LONDON)
    assert cohort.sessions.count() == 6


@pytest.mark.django_db
def test_rescheduling_from_the_tally_sends_updated_invites(
    cohort, django_capture_on_commit_callbacks
):
    add_sessions(cohort, 6)
    place = PlaceFactory(order__cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_weekly_sessions(
            cohort=cohort,
            weekday=3,
            option=find_option(cohort, "morning"),
            first_date=dt.date(2030, 5, 2),
            actor=None,
        )

    updates = Notification.objects.filter(kind=SESSION_UPDATED)
    assert updates.count() == 6
    assert {n.recipient_email for n in updates} == {place.attendee_email}
    assert set(updates.values_list("variant", flat=True)) == {"seq1"}
    first = next(m for m in mail.outbox if "Thursday 2 May 2030" in m.body)
    calendar = parse_ics(first.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == dt.datetime(2030, 5, 2, 10, tzinfo=LONDON)


@pytest.mark.django_db
def test_scheduling_refuses_a_start_date_on_the_wrong_weekday(cohort):
    with pytest.raises(ApplicationError, match="is a Wednesday; choose a Tuesday"):
        schedule_weekly_sessions(
            cohort=cohort,
            weekday=1,
            option=find_option(cohort, "morning"),
            first_date=dt.date(2030, 5, 1),
            actor=None,
        )
    assert not cohort.sessions.exists()


@pytest.mark.django_db
def test_tally_page_generates_sessions_in_one_step(
    staff_client, facilitator, known_set
):
    client = staff_client(facilitator)
    url = reverse("admin:applications_application_tally", args=[known_set.pk])
    page = client.post(
        url, {"slot": "1:afternoon", "first_date": "2030-09-03", "count": "6"}
    )
    assert page.status_code == 302
    assert known_set.sessions.count() == 6
    last = known_set.sessions.get(number=6)
    assert last.starts_at == dt.datetime(2030, 10, 8, 14, tzinfo=LONDON)


@pytest.mark.django_db
def test_tally_page_refuses_a_tampered_slot(staff_client, facilitator, known_set):
    client = staff_client(facilitator)
    url = reverse("admin:applications_application_tally", args=[known_set.pk])
    page = client.post(
        url, {"slot": "1:midnight", "first_date": "2030-09-03", "count": 6}
    )
    assert page.status_code == 200
    assert not known_set.sessions.exists()


@pytest.mark.django_db
def test_tally_of_another_programme_is_not_found(staff_client, facilitator):
    other = RecruitingCohortFactory()
    url = reverse("admin:applications_application_tally", args=[other.pk])
    assert staff_client(facilitator).get(url).status_code == 404


@pytest.mark.django_db
def test_tally_reader_cannot_set_sessions(staff_client, known_set):
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(
            codename="view_application", content_type__app_label="applications"
        )
    )
    known_set.programme.facilitators.add(reader)
    client = staff_client(reader)
    url = reverse("admin:applications_application_tally", args=[known_set.pk])
    assert client.get(url).status_code == 200
    page = client.post(
        url, {"slot": "1:afternoon", "first_date": "2030-09-03", "count": "6"}
    )
    assert page.status_code == 403
    assert not known_set.sessions.exists()
