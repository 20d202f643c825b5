import pytest

from tests.evaluation import builders


@pytest.fixture
def cohort():
    """Four weekly sessions; the first two have happened."""
    return builders.running_cohort(sessions=4, started_weeks_ago=2)


@pytest.fixture
def sessions(cohort):
    return list(cohort.sessions.order_by("starts_at"))


@pytest.fixture
def person(cohort):
    return builders.participant(cohort, full_name="Alex Morgan")


@pytest.fixture
def staff(cohort):
    return builders.facilitator(cohort, full_name="Priya Natarajan")
