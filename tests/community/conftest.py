import pytest

from tests.community.factories import make_space


@pytest.fixture
def space(db):
    return make_space()
