"""The staff groups and their permissions come from a data migration."""

import pytest
from django.contrib.auth.models import Group

from cop.models import COORDINATORS_GROUP, FACILITATORS_GROUP

pytestmark = pytest.mark.django_db


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_facilitators_may_run_cohorts_but_delete_nothing():
    perms = codenames(FACILITATORS_GROUP)
    assert {"change_cohort", "view_place", "change_attendance"} <= perms
    assert not {p for p in perms if p.startswith("delete_")}


def test_facilitators_cannot_manage_people_or_organisations():
    assert "change_user" not in codenames(FACILITATORS_GROUP)
    assert "change_organisation" not in codenames(FACILITATORS_GROUP)


def test_coordinators_hold_every_facilitator_permission_and_the_kernels():
    perms = codenames(COORDINATORS_GROUP)
    assert codenames(FACILITATORS_GROUP) <= perms
    assert {"change_user", "change_organisation", "delete_cohort"} <= perms
