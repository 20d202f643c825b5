"""Staff roles can work in the cohort spaces' admin screens."""

import pytest
from django.contrib.auth.models import Group

from cop.models import COORDINATORS_GROUP, FACILITATORS_GROUP

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("group", [FACILITATORS_GROUP, COORDINATORS_GROUP])
def test_staff_roles_may_change_threads_and_resources(group):
    codenames = set(
        Group.objects.get(name=group).permissions.values_list("codename", flat=True)
    )
    assert {"change_thread", "change_post", "change_resource"} <= codenames
