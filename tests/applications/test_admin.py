import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from applications.models import Application, DecisionMessage
from bookings.models import Place
from cohorts.models import Cohort
from cop.models import AuditEvent
from notifications.models import Notification
from tests.applications.factories import ApplicationFactory, RecruitingCohortFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:applications_application_changelist")


def _action(client, action, applications, **extra):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [a.pk for a in applications],
            **extra,
        },
        follow=True,
    )


def test_facilitator_lists_only_their_programmes_applications(
    staff_client, facilitator, cohort
):
    ApplicationFactory(cohort=cohort, applicant__full_name="Mine Applicant")
    ApplicationFactory(applicant__full_name="Other Applicant")
    page = staff_client(facilitator).get(CHANGELIST).content.decode()
    assert "Mine Applicant" in page
    assert "Other Applicant" not in page


def test_facilitator_cannot_open_another_programmes_application(
    staff_client, facilitator
):
    other = ApplicationFactory()
    url = reverse("admin:applications_application_change", args=[other.pk])
    assert staff_client(facilitator).get(url).status_code in {302, 404}


def test_facilitator_cannot_see_another_programmes_tally(staff_client, facilitator):
    other = RecruitingCohortFactory()
    url = reverse("admin:applications_application_tally", args=[other.pk])
    assert staff_client(facilitator).get(url).status_code == 404


def test_coordinator_sees_every_programme(staff_client, coordinator, cohort):
    ApplicationFactory(cohort=cohort, applicant__full_name="First Applicant")
    ApplicationFactory(applicant__full_name="Second Applicant")
    page = staff_client(coordinator).get(CHANGELIST).content.decode()
    assert "First Applicant" in page
    assert "Second Applicant" in page


def test_search_finds_applications_by_answer(staff_client, facilitator, cohort):
    ApplicationFactory(cohort=cohort, applicant__full_name="Has Word", hopes="gardens")
    ApplicationFactory(cohort=cohort, applicant__full_name="Lacks Word")
    page = staff_client(facilitator).get(CHANGELIST + "?q=gardens").content.decode()
    assert "Has Word" in page
    assert "Lacks Word" not in page


def test_reading_an_application_and_saving_reviewer_notes(
    staff_client, facilitator, cohort
):
    application = ApplicationFactory(cohort=cohort)
    client = staff_client(facilitator)
    url = reverse("admin:applications_application_change", args=[application.pk])
    page = client.get(url)
    assert application.challenge in page.content.decode()
    client.post(url, {"reviewer_notes": "Strong on outreach."})
    application.refresh_from_db()
    assert application.reviewer_notes == "Strong on outreach."
    assert application.status == "submitted"


def test_saving_reviewer_notes_is_audited_by_the_reviewer(
    staff_client, facilitator, cohort
):
    application = ApplicationFactory(cohort=cohort)
    url = reverse("admin:applications_application_change", args=[application.pk])
    staff_client(facilitator).post(url, {"reviewer_notes": "Strong on outreach."})
    event = AuditEvent.objects.get(action="applications.application.noted")
    assert event.actor == facilitator


def test_accept_action_shows_the_editable_message_first(
    staff_client, facilitator, cohort
):
    applications = ApplicationFactory.create_batch(2, cohort=cohort)
    page = _action(staff_client(facilitator), "accept", applications)
    assert "We are delighted to offer you a place" in page.content.decode()
    assert not Application.objects.filter(status="accepted").exists()


def test_accept_action_sends_the_edited_message(staff_client, facilitator, cohort):
    applications = ApplicationFactory.create_batch(2, cohort=cohort)
    page = _action(
        staff_client(facilitator),
        "accept",
        applications,
        apply="1",
        subject="Welcome {name}",
        body="See you soon in {programme}.",
    )
    assert "2 application(s) now accepted" in page.content.decode()
    assert Place.objects.filter(cohort=cohort, status="confirmed").count() == 2
    emails = Notification.objects.filter(kind="applications_accepted")
    assert emails.count() == 2
    assert all(cohort.programme.name in e.body_text for e in emails)
    assert DecisionMessage.objects.get(cohort=cohort, kind="accepted").subject == (
        "Welcome {name}"
    )


def test_accept_action_over_capacity_says_so_and_changes_nothing(
    staff_client, facilitator, cohort
):
    cohort.capacity = 1
    cohort.save()
    applications = ApplicationFactory.create_batch(2, cohort=cohort)
    page = _action(
        staff_client(facilitator),
        "accept",
        applications,
        apply="1",
        subject="s",
        body="b",
    )
    assert "Nothing changed" in page.content.decode()
    assert not Place.objects.exists()


def test_shortlist_action_needs_no_message(staff_client, facilitator, cohort):
    application = ApplicationFactory(cohort=cohort)
    _action(staff_client(facilitator), "shortlist", [application])
    application.refresh_from_db()
    assert application.status == "shortlisted"


def test_actions_refuse_a_mix_of_cohorts(staff_client, coordinator, cohort):
    applications = [ApplicationFactory(cohort=cohort), ApplicationFactory()]
    page = _action(staff_client(coordinator), "shortlist", applications)
    assert "one cohort at a time" in page.content.decode()


def test_run_another_group_creates_the_cohort_and_moves_people(
    staff_client, facilitator, cohort
):
    waiting = ApplicationFactory.create_batch(3, cohort=cohort, status="waitlisted")
    page = _action(
        staff_client(facilitator),
        "run_another_group",
        waiting,
        apply="1",
        target="",
        new_name="Spring 2027 (group 2)",
        new_slug="spring-2027-group-2",
        subject="New group",
        body="Dear {name}, you are in {cohort}.",
    )
    assert "Moved 3 applicant(s)" in page.content.decode()
    second = Cohort.objects.get(slug="spring-2027-group-2")
    assert second.status == Cohort.Status.DRAFT
    assert Application.objects.filter(cohort=second, status="accepted").count() == 3
    assert Place.objects.filter(cohort=second, status="confirmed").count() == 3


def test_expression_of_interest_admin_lists_only_own_programmes(
    staff_client, facilitator, cohort
):
    from tests.applications.factories import InterestFactory

    InterestFactory(cohort=cohort, name="Own Interest")
    InterestFactory(name="Other Interest")
    page = staff_client(facilitator).get(
        reverse("admin:applications_expressionofinterest_changelist")
    )
    assert "Own Interest" in page.content.decode()
    assert "Other Interest" not in page.content.decode()


def test_changelist_links_to_each_cohorts_tally(staff_client, facilitator, cohort):
    page = staff_client(facilitator).get(CHANGELIST).content.decode()
    assert reverse("admin:applications_application_tally", args=[cohort.pk]) in page


def test_time_slot_form_offers_only_the_facilitators_cohorts(
    staff_client, facilitator, cohort
):
    other = RecruitingCohortFactory(name="Not Theirs")
    page = (
        staff_client(facilitator)
        .get(reverse("admin:applications_timeslot_add"))
        .content.decode()
    )
    assert f'value="{cohort.pk}"' in page
    assert f'value="{other.pk}"' not in page


def test_cohort_page_links_to_interest_and_apply(client, cohort):
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert reverse("applications:apply", args=[cohort.pk]) in page
    assert reverse("applications:interest", args=[cohort.pk]) in page


def test_reviewers_do_not_see_unsubmitted_drafts(staff_client, facilitator, cohort):
    ApplicationFactory(
        cohort=cohort, status="draft", applicant__full_name="Still Drafting"
    )
    page = staff_client(facilitator).get(CHANGELIST).content.decode()
    assert "Still Drafting" not in page


def test_changelist_queries_do_not_grow_with_applications(
    staff_client, coordinator, django_assert_max_num_queries
):
    """The availability column reads each cohort's slots from one prefetch."""
    client = staff_client(coordinator)
    for _ in range(3):
        ApplicationFactory()
    client.get(CHANGELIST)  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for _ in range(12):
        ApplicationFactory()
    with django_assert_max_num_queries(len(few)):
        client.get(CHANGELIST)
