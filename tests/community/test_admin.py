"""The space's rows in the admin, scoped to the facilitator's programmes."""

import pytest
from django.contrib.auth.models import Group, Permission

from cop.models import FACILITATORS_GROUP
from tests.community.factories import ThreadFactory, make_space

pytestmark = pytest.mark.django_db


def test_a_facilitator_sees_only_their_programmes_threads(client, space):
    group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="community")
    )
    space.facilitator.groups.add(group)
    ThreadFactory(cohort=space.cohort, title="Ours")
    ThreadFactory(cohort=make_space().cohort, title="Theirs")
    client.force_login(space.facilitator)
    html = client.get("/admin/community/thread/").content.decode()
    assert "Ours" in html
    assert "Theirs" not in html


@pytest.mark.parametrize(
    "model",
    [
        "communitysettings",
        "thread",
        "post",
        "resource",
        "guestinvitation",
        "topicproposal",
        "shareditem",
        "membercard",
    ],
)
def test_every_admin_list_opens_for_a_coordinator(client, db, model):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"/admin/community/{model}/").status_code == 200
