import pytest
from django.urls import reverse

from evaluation.errors import EvaluationError
from evaluation.feedback import give_feedback
from evaluation.models import SessionFeedback
from tests.evaluation import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_participant_gives_named_feedback_on_the_latest_session(sessions, person):
    feedback = give_feedback(
        session=sessions[1], user=person, usefulness=4, worked="Pairs", change=""
    )
    assert feedback.respondent == person
    assert (feedback.usefulness, feedback.worked) == (4, "Pairs")


def test_anonymous_feedback_is_stored_without_a_link_to_the_person(sessions, person):
    feedback = give_feedback(
        session=sessions[1], user=person, usefulness=5, anonymous=True
    )
    assert feedback.respondent is None
    assert person.email not in str(vars(feedback))


@pytest.mark.parametrize("score", [0, 6, None])
def test_a_score_outside_one_to_five_is_refused_and_nothing_saved(
    sessions, person, score
):
    with pytest.raises(EvaluationError, match="from 1 to 5") as refused:
        give_feedback(session=sessions[1], user=person, usefulness=score)
    assert refused.value.field == "usefulness"
    assert not SessionFeedback.objects.exists()


def test_a_replayed_first_submission_is_refused(sessions, person):
    give_feedback(session=sessions[1], user=person, usefulness=4)
    with pytest.raises(EvaluationError, match="already given feedback"):
        give_feedback(session=sessions[1], user=person, usefulness=1)
    assert SessionFeedback.objects.get().usefulness == 4


def test_an_edit_from_the_current_revision_changes_the_feedback(sessions, person):
    first = give_feedback(session=sessions[1], user=person, usefulness=4)
    edited = give_feedback(
        session=sessions[1], user=person, usefulness=2, revision=first.revision
    )
    assert (edited.pk, edited.usefulness, edited.revision) == (first.pk, 2, 2)


def test_a_replayed_edit_is_refused(sessions, person):
    first = give_feedback(session=sessions[1], user=person, usefulness=4)
    give_feedback(session=sessions[1], user=person, usefulness=3, revision=1)
    with pytest.raises(EvaluationError, match="changed in another window"):
        give_feedback(session=sessions[1], user=person, usefulness=1, revision=1)
    first.refresh_from_db()
    assert first.usefulness == 3


def test_switching_an_edit_to_anonymous_drops_the_name(sessions, person):
    give_feedback(session=sessions[1], user=person, usefulness=4)
    edited = give_feedback(
        session=sessions[1], user=person, usefulness=4, anonymous=True, revision=1
    )
    assert edited.respondent is None


def test_feedback_closes_when_the_next_session_starts(sessions, person):
    with pytest.raises(EvaluationError, match="has closed"):
        give_feedback(session=sessions[0], user=person, usefulness=4)
    assert not SessionFeedback.objects.exists()


def test_feedback_on_a_session_not_yet_started_is_refused(sessions, person):
    with pytest.raises(EvaluationError, match="opens when the session starts"):
        give_feedback(session=sessions[2], user=person, usefulness=4)


def test_someone_without_a_place_cannot_give_feedback(sessions):
    with pytest.raises(EvaluationError, match="Only participants"):
        give_feedback(session=sessions[1], user=UserFactory(), usefulness=4)
    assert not SessionFeedback.objects.exists()


def test_the_feedback_page_is_a_404_for_someone_without_a_place(client, sessions):
    client.force_login(UserFactory())
    url = reverse("evaluation:feedback", args=[sessions[1].pk])
    assert client.get(url).status_code == 404


def test_the_feedback_form_saves_and_returns_to_the_cohort_page(
    client, sessions, person
):
    client.force_login(person)
    url = reverse("evaluation:feedback", args=[sessions[1].pk])
    response = client.post(url, {"usefulness": "5", "worked": "Stories"})
    assert response.status_code == 302
    assert SessionFeedback.objects.get().worked == "Stories"


def test_the_feedback_form_shows_the_reason_for_a_refusal(client, sessions, person):
    builders.feedback(sessions[1], person, 4)
    client.force_login(person)
    url = reverse("evaluation:feedback", args=[sessions[1].pk])
    response = client.post(url, {"usefulness": "2"})
    assert "already given feedback" in response.content.decode()
    assert SessionFeedback.objects.get().usefulness == 4


def test_the_post_session_email_links_to_the_feedback_form(sessions, person):
    from notifications.services import render_email

    session = sessions[1]
    _subject, text, html = render_email(
        "notifications_post_session",
        {
            "session": session,
            "cohort": session.cohort,
            "programme": session.cohort.programme,
            "name": person.full_name,
        },
    )
    url = reverse("evaluation:feedback", args=[session.pk])
    assert url in text
    assert url in html
