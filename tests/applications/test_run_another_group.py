"""Run another group: copy the cohort and move the chosen people, all or nothing."""

import pytest

from applications.errors import ApplicationError
from applications.models import Application
from applications.selection import run_another_group
from bookings.models import Place, PriceOption
from cohorts.models import Cohort, Session
from cohorts.services import CohortError
from notifications.models import Notification
from tests.applications.factories import ApplicationFactory, RecruitingCohortFactory
from tests.factories import PriceOptionFactory, add_sessions

pytestmark = pytest.mark.django_db


def _run(cohort, applications, **kwargs):
    return run_another_group(
        source_cohort_id=cohort.pk,
        application_ids=[a.pk for a in applications],
        actor=None,
        **kwargs,
    )


def test_a_new_group_is_a_draft_copy_holding_the_moved_people(cohort):
    waiting = ApplicationFactory.create_batch(2, cohort=cohort, status="waitlisted")
    target, moved = _run(cohort, waiting, new_name="Group 2", new_slug="group-2")
    assert target.status == Cohort.Status.DRAFT
    assert target.name == "Group 2"
    assert len(moved) == 2
    assert Place.objects.filter(cohort=target, status="confirmed").count() == 2


def test_an_existing_cohort_can_take_the_group(cohort):
    second = RecruitingCohortFactory(programme=cohort.programme)
    waiting = ApplicationFactory.create_batch(2, cohort=cohort, status="waitlisted")
    target, _moved = _run(cohort, waiting, target_cohort_id=second.pk)
    assert target == second
    assert Application.objects.filter(cohort=second, status="accepted").count() == 2


def test_a_refused_move_leaves_no_copied_cohort_behind(cohort):
    cohort.capacity = 2
    cohort.save()
    add_sessions(cohort, 3)
    PriceOptionFactory(cohort=cohort)
    waiting = ApplicationFactory.create_batch(3, cohort=cohort, status="waitlisted")
    cohorts, sessions, prices = (
        Cohort.objects.count(),
        Session.objects.count(),
        PriceOption.objects.count(),
    )
    with pytest.raises(ApplicationError):
        _run(cohort, waiting, new_name="Group 2", new_slug="group-2")
    assert not Cohort.objects.filter(slug="group-2").exists()
    assert Cohort.objects.count() == cohorts
    assert Session.objects.count() == sessions
    assert PriceOption.objects.count() == prices


def test_a_refused_move_changes_nobody_and_emails_nobody(cohort):
    cohort.capacity = 2
    cohort.save()
    waiting = ApplicationFactory.create_batch(3, cohort=cohort, status="waitlisted")
    with pytest.raises(ApplicationError):
        _run(cohort, waiting, new_name="Group 2", new_slug="group-2")
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in waiting]).values_list(
            "cohort_id", "status"
        )
    ) == {(cohort.pk, "waitlisted")}
    assert not Notification.objects.filter(kind="applications_moved").exists()


def test_a_web_address_already_used_is_refused_before_anyone_moves(cohort):
    RecruitingCohortFactory(programme=cohort.programme, slug="taken")
    waiting = ApplicationFactory.create_batch(1, cohort=cohort, status="waitlisted")
    with pytest.raises(CohortError):
        _run(cohort, waiting, new_name="Group 2", new_slug="taken")
    waiting[0].refresh_from_db()
    assert waiting[0].cohort == cohort
