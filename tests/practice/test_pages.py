"""The participant's and the facilitator's pages: who sees what, forms, refusals."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from practice import catchups
from practice.models import ActionStep, CatchUpMember, CpdLogEntry, FollowUp
from tests.factories import CohortFactory, UserFactory, add_sessions
from tests.practice.conftest import make_step, member

pytestmark = pytest.mark.django_db


def in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


# --- Participant pages ---------------------------------------------------------


def test_a_participant_adds_a_step_from_the_cohort_page(client, participant, sessions):
    client.force_login(participant)
    response = client.post(
        f"/practice/cohorts/{sessions[0].cohort_id}/",
        {
            "session": sessions[2].pk,
            "what": "Visit the food bank",
            "by_when": in_days(7),
        },
    )
    assert response.status_code == 302
    step = ActionStep.objects.get()
    assert step.session == sessions[2]
    assert client.get(response.url).content.decode().count("Visit the food bank") == 1


def test_a_past_date_on_the_page_shows_the_message_and_saves_nothing(
    client, participant, sessions
):
    client.force_login(participant)
    response = client.post(
        f"/practice/cohorts/{sessions[0].cohort_id}/",
        {"session": sessions[2].pk, "what": "Visit", "by_when": in_days(-2)},
    )
    assert response.status_code == 200
    assert "Choose a date from today onwards." in response.content.decode()
    assert not ActionStep.objects.exists()


def test_only_sessions_that_took_place_are_offered(client, participant, sessions):
    client.force_login(participant)
    form = client.get(f"/practice/cohorts/{sessions[0].cohort_id}/").context["form"]
    assert [c[0] for c in form.fields["session"].choices] == [
        s.pk for s in sessions[:3]
    ]


def test_a_cohort_page_without_a_place_is_a_404(client, sessions):
    client.force_login(UserFactory())
    assert client.get(f"/practice/cohorts/{sessions[0].cohort_id}/").status_code == 404


def test_someone_elses_step_is_a_404(client, place, sessions, cohort):
    step = make_step(place, sessions[0])
    client.force_login(member(cohort))
    assert client.get(f"/practice/steps/{step.pk}/").status_code == 404
    assert (
        client.post(f"/practice/steps/{step.pk}/", {"status": "dropped"}).status_code
        == 404
    )
    step.refresh_from_db()
    assert step.status == "not_started"


def test_marking_a_step_done_from_its_page(client, place, sessions):
    step = make_step(place, sessions[0])
    client.force_login(place.attendee)
    response = client.post(
        f"/practice/steps/{step.pk}/",
        {"status": "done", "reflection": "Twelve residents came."},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.counts_for_cpd


def test_pages_need_sign_in(client, sessions):
    response = client.get(f"/practice/cohorts/{sessions[0].cohort_id}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_shared_steps_show_to_members_only(client, place, sessions, cohort):
    make_step(place, sessions[0], what="Shared idea", shared=True)
    make_step(place, sessions[0], what="Private idea")
    client.force_login(member(cohort))
    page = client.get(f"/practice/cohorts/{cohort.pk}/shared/").content.decode()
    assert "Shared idea" in page
    assert "Private idea" not in page
    client.force_login(UserFactory())
    assert client.get(f"/practice/cohorts/{cohort.pk}/shared/").status_code == 404


def test_the_learning_log_refuses_a_too_long_day_on_the_page(client, place):
    client.force_login(place.attendee)
    response = client.post(
        "/practice/log/",
        {
            "place": place.pk,
            "kind": "self_directed",
            "what": "Reading",
            "on": in_days(0),
            "minutes": 10_000,
        },
    )
    assert response.status_code == 200
    assert "24 hours" in response.content.decode()
    assert not CpdLogEntry.objects.exists()


def test_someone_elses_log_entry_cannot_be_removed(client, place, cohort):
    entry = CpdLogEntry.objects.create(
        user=place.attendee,
        place=place,
        what="Read",
        on=timezone.localdate(),
        minutes=5,
    )
    client.force_login(member(cohort))
    assert client.post(f"/practice/log/{entry.pk}/delete/").status_code == 404
    assert CpdLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.fixture
def sent_round(cohort, sessions, facilitator, participant):
    for _ in range(3):
        member(cohort)
    round = catchups.start_round(actor=facilitator, after_session=sessions[2])
    catchups.send_introductions(actor=facilitator, round=round)
    return round


def test_the_email_link_asks_before_it_records(client, sent_round, participant):
    pair = CatchUpMember.objects.get(round=sent_round, user=participant).pair
    token = catchups.report_token(pair=pair, user=participant)
    url = f"/practice/catch-ups/report/{token}/"
    assert client.get(url + "?met=1").status_code == 200
    pair.refresh_from_db()
    assert pair.outcome == "pending"
    client.post(url, {"outcome": "met"})
    pair.refresh_from_db()
    assert pair.outcome == "met"
    assert pair.reported_by == participant


def test_a_bad_email_link_is_a_404_with_a_message(client):
    response = client.get("/practice/catch-ups/report/forged/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_reporting_someone_elses_pair_from_the_page_is_a_404(
    client, sent_round, participant, cohort
):
    pair = CatchUpMember.objects.get(round=sent_round, user=participant).pair
    outsider = (
        CatchUpMember.objects.filter(round=sent_round).exclude(pair=pair).first().user
    )
    client.force_login(outsider)
    response = client.post(f"/practice/catch-ups/{pair.pk}/report/", {"outcome": "met"})
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.outcome == "pending"


def test_the_home_page_shows_open_steps_and_the_partner(
    client, sent_round, participant, place, sessions
):
    make_step(place, sessions[2], what="Call the library")
    client.force_login(participant)
    page = client.get("/practice/").content.decode()
    assert "Call the library" in page
    partner = (
        CatchUpMember.objects.get(round=sent_round, user=participant)
        .pair.members.exclude(user=participant)
        .first()
        .user
    )
    assert partner.full_name in page


# --- Facilitator pages ---------------------------------------------------------


def test_the_facilitator_sees_every_step_of_the_cohort(
    client, facilitator, place, sessions, cohort, django_assert_max_num_queries
):
    for _ in range(5):
        other = member(cohort).places.get()
        make_step(other, sessions[0], what="Someone's step")
    make_step(
        place,
        sessions[0],
        what="Overdue step",
        by_when=timezone.localdate() - dt.timedelta(days=2),
    )
    client.force_login(facilitator)
    with django_assert_max_num_queries(25):
        response = client.get(f"/practice/staff/cohorts/{cohort.pk}/steps/")
    page = response.content.decode()
    assert page.count("Someone&#x27;s step") == 5
    assert "Overdue step" in page
    assert "a step is past its date" in page


def test_a_facilitator_of_another_programme_gets_a_404(
    client, other_facilitator, cohort
):
    client.force_login(other_facilitator)
    assert client.get(f"/practice/staff/cohorts/{cohort.pk}/steps/").status_code == 404
    assert client.get(f"/practice/staff/cohorts/{cohort.pk}/rounds/").status_code == 404


def test_participants_cannot_open_the_staff_pages(client, participant, cohort):
    client.force_login(participant)
    response = client.get(f"/practice/staff/cohorts/{cohort.pk}/steps/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_commenting_from_the_staff_page_saves_and_emails(
    client, facilitator, place, sessions, cohort, django_capture_on_commit_callbacks
):
    step = make_step(place, sessions[0])
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/practice/staff/cohorts/{cohort.pk}/steps/",
            {
                "action": "comment",
                "target": step.pk,
                f"comment-{step.pk}-body": "Great start.",
            },
        )
    assert response.status_code == 302
    assert step.comments.get().body == "Great start."
    assert len(mail.outbox) == 1


def test_marking_to_contact_and_recording_it_from_the_staff_page(
    client, facilitator, place, cohort
):
    client.force_login(facilitator)
    url = f"/practice/staff/cohorts/{cohort.pk}/steps/"
    client.post(
        url, {"action": "flag", "target": place.pk, f"flag-{place.pk}-reason": "Quiet"}
    )
    follow_up = FollowUp.objects.get()
    assert "to contact (Quiet)" in client.get(url).content.decode()
    client.post(
        url,
        {
            "action": "follow_up",
            "target": follow_up.pk,
            f"followup-{follow_up.pk}-outcome": "Phoned; all fine.",
        },
    )
    follow_up.refresh_from_db()
    assert follow_up.outcome == "Phoned; all fine."


def test_a_step_of_another_cohort_cannot_be_commented_through_this_one(
    client, facilitator, cohort, sessions
):
    other_cohort = CohortFactory(programme=cohort.programme)
    other_session = add_sessions(
        other_cohort, 1, first=timezone.now() - dt.timedelta(days=2)
    )[0]
    other_place = member(other_cohort).places.get()
    step = make_step(other_place, other_session)
    client.force_login(facilitator)
    response = client.post(
        f"/practice/staff/cohorts/{cohort.pk}/steps/",
        {"action": "comment", "target": step.pk, f"comment-{step.pk}-body": "Hi"},
    )
    assert response.status_code == 404
    assert not step.comments.exists()


def test_the_facilitator_draws_checks_and_sends_a_round(
    client, facilitator, cohort, sessions, participant
):
    for _ in range(4):
        member(cohort)
    client.force_login(facilitator)
    response = client.post(
        f"/practice/staff/cohorts/{cohort.pk}/rounds/",
        {"after_session": sessions[2].pk},
    )
    round_url = response.url
    page = client.get(round_url).content.decode()
    assert participant.full_name in page
    client.post(round_url, {"action": "redraw"})
    client.post(round_url, {"action": "send"})
    page = client.get(round_url).content.decode()
    assert "Introductions sent" in page
    assert "Send the introductions" not in page


@pytest.mark.parametrize(
    "kind", ["practice_nudge", "practice_step_comment", "practice_introduction"]
)
def test_each_practice_email_previews_in_the_admin(client, kind):
    coordinator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(coordinator)
    page = client.get(reverse("admin:notifications_preview", args=[kind]))
    html = client.get(reverse("admin:notifications_preview_html", args=[kind]))
    assert page.status_code == 200
    assert b"could not be rendered" not in page.content
    assert b"Sam Patel" in html.content


def test_the_admin_lists_only_steps_of_the_facilitators_programmes(
    client, facilitator, other_facilitator, place, sessions
):
    make_step(place, sessions[0], what="Visible to my facilitator")
    url = reverse("admin:practice_actionstep_changelist")
    client.force_login(facilitator)
    assert "Visible to my facilitator" in client.get(url).content.decode()
    client.force_login(other_facilitator)
    assert "Visible to my facilitator" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "practice_actionstep",
        "practice_followup",
        "practice_catchupround",
        "practice_cpdlogentry",
        "practice_practicesettings",
    ],
)
def test_each_admin_list_opens(client, name, place, sessions):
    make_step(place, sessions[0])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_the_programme_page_sets_how_logged_learning_counts(client, cohort):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:cohorts_programme_change", args=[cohort.programme.pk])
    page = client.get(url).content.decode()
    assert 'name="cpd_policy-0-log_counts_as"' in page
    assert 'name="cpd_policy-0-log_max"' in page


def test_the_admin_step_list_links_to_the_practice_overview(client, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("admin:practice_actionstep_changelist")).content
    assert b'href="/practice/staff/"' in page
