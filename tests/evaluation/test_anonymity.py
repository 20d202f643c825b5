import pytest

from evaluation.anonymity import UNLINKED, unlink_closed_anonymous_answers
from evaluation.models import Response, SessionFeedback
from evaluation.personal_data import export
from tests.evaluation import builders

pytestmark = pytest.mark.django_db


def test_anonymous_feedback_loses_its_key_once_editing_has_closed(sessions, person):
    closed = builders.feedback(sessions[0], person, 4, anonymous=True)
    open_ = builders.feedback(sessions[1], person, 3, anonymous=True)
    assert unlink_closed_anonymous_answers() == 1
    closed.refresh_from_db()
    open_.refresh_from_db()
    assert closed.respondent_key.startswith(UNLINKED)
    assert not open_.respondent_key.startswith(UNLINKED)


def test_named_feedback_keeps_its_key(sessions, person):
    named = builders.feedback(sessions[0], person, 4)
    unlink_closed_anonymous_answers()
    named.refresh_from_db()
    assert not named.respondent_key.startswith(UNLINKED)


def test_a_closed_anonymous_questionnaires_answers_are_unlinked(cohort, person):
    run = builders.run(cohort, opened_days_ago=20, closes_in_days=-1)
    builders.response(run, person, {"How useful?": 4})
    unlink_closed_anonymous_answers()
    assert Response.objects.get().respondent_key.startswith(UNLINKED)


def test_unlinked_answers_still_count_but_leave_the_authors_export(sessions, person):
    builders.feedback(sessions[0], person, 4, anonymous=True)
    unlink_closed_anonymous_answers()
    assert SessionFeedback.objects.count() == 1
    assert export(person)["session_feedback"] == []


def test_unlinking_twice_changes_nothing_the_second_time(sessions, person):
    builders.feedback(sessions[0], person, 4, anonymous=True)
    unlink_closed_anonymous_answers()
    assert unlink_closed_anonymous_answers() == 0
