import pytest

from tests.factories import CohortFactory, SessionFactory
from tests.notifications.conftest import utc


@pytest.fixture
def session(db):
    """An online session on Tuesday 23 June 2026, 10:00-12:00 London (BST)."""
    cohort = CohortFactory(name="2026-27")
    return SessionFactory(
        cohort=cohort,
        number=1,
        title="Getting started",
        starts_at=utc(2026, 6, 23, 9, 0),
        ends_at=utc(2026, 6, 23, 11, 0),
        joining_link="https://meet.example/shared-ground-1",
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs after-commit callbacks as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
