import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cohorts.models import Cohort
from cop.models import COORDINATORS_GROUP
from tests.factories import CohortFactory, PriceOptionFactory, UserFactory, add_sessions

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def facilitator():
    from django.core.management import call_command

    call_command("seed_demo", stdout=__import__("io").StringIO())
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Facilitators"))
    return user


@pytest.fixture
def coordinator():
    user = UserFactory(is_staff=True, is_superuser=True)
    return user


def test_admin_pages_load_for_a_coordinator(client, coordinator):
    cohort = CohortFactory()
    add_sessions(cohort, 2)
    client.force_login(coordinator)
    for url in [
        reverse("admin:index"),
        reverse("admin:cohorts_programme_changelist"),
        reverse("admin:cohorts_cohort_changelist"),
        reverse("admin:cohorts_cohort_change", args=[cohort.pk]),
        reverse("admin:cohorts_programme_change", args=[cohort.programme.pk]),
        reverse("admin:cop_organisation_changelist"),
        reverse("admin:cop_membershiptier_changelist"),
    ]:
        assert client.get(url).status_code == 200, url


def test_facilitator_sees_only_their_programmes(client, facilitator):
    mine = CohortFactory(name="Mine 2026")
    mine.programme.facilitators.add(facilitator)
    theirs = CohortFactory(name="Theirs 2026")
    client.force_login(facilitator)
    listing = client.get(reverse("admin:cohorts_cohort_changelist")).content.decode()
    assert "Mine 2026" in listing
    assert "Theirs 2026" not in listing
    change = reverse("admin:cohorts_cohort_change", args=[theirs.pk])
    assert client.get(change).status_code in {302, 404}
    assert (
        client.get(reverse("admin:cohorts_cohort_change", args=[mine.pk])).status_code
        == 200
    )


def test_coordinator_group_sees_every_programme(client, facilitator):
    facilitator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    CohortFactory(name="Someone else's 2026")
    client.force_login(facilitator)
    listing = client.get(reverse("admin:cohorts_cohort_changelist")).content.decode()
    assert "Someone else&#x27;s 2026" in listing


def test_copy_cohort_to_next_year_moves_sessions_keeping_london_time(
    client, coordinator
):
    cohort = CohortFactory(name="2026-27", slug="2026-27")
    add_sessions(cohort, 6, first=dt.datetime(2026, 10, 13, 10, tzinfo=LONDON))
    PriceOptionFactory(cohort=cohort)
    client.force_login(coordinator)
    url = reverse("admin:cohorts_cohort_changelist")
    form_page = client.post(
        url, {"action": "copy_to_next_year", "_selected_action": [cohort.pk]}
    )
    assert "2027-28" in form_page.content.decode()
    response = client.post(
        url,
        {
            "action": "copy_to_next_year",
            "_selected_action": [cohort.pk],
            "apply": "1",
            "name": "2027-28",
            "slug": "2027-28",
            "shift_weeks": "52",
        },
    )
    copy = Cohort.objects.get(slug="2027-28")
    assert response.status_code == 302
    assert copy.status == Cohort.Status.DRAFT
    assert copy.price_options.count() == 1
    sessions = list(copy.sessions.order_by("number"))
    assert len(sessions) == 6
    local = [s.starts_at.astimezone(LONDON) for s in sessions]
    assert local[0].date() == dt.date(2027, 10, 12)
    assert {(t.hour, t.minute) for t in local} == {(10, 0)}
    assert cohort.sessions.exclude(joining_link="").count() == 6
    assert [s.joining_link for s in sessions] == [""] * 6  # last year's calls


def test_copy_cohort_refuses_a_slug_already_used(client, coordinator):
    cohort = CohortFactory(slug="2026-27")
    CohortFactory(programme=cohort.programme, slug="2027-28")
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:cohorts_cohort_changelist"),
        {
            "action": "copy_to_next_year",
            "_selected_action": [cohort.pk],
            "apply": "1",
            "name": "2027-28",
            "slug": "2027-28",
            "shift_weeks": "52",
        },
    )
    assert "already has a cohort" in response.content.decode()
    assert Cohort.objects.filter(programme=cohort.programme).count() == 2


def test_admin_refuses_overlapping_sessions_added_together(client, coordinator):
    cohort = CohortFactory()
    client.force_login(coordinator)
    url = reverse("admin:cohorts_cohort_change", args=[cohort.pk])
    data = {
        "programme": cohort.programme.pk,
        "name": cohort.name,
        "slug": cohort.slug,
        "status": cohort.status,
        "capacity": 20,
        "cancellation_cutoff_days": 14,
        "refund_percent": 100,
        "sessions-TOTAL_FORMS": 2,
        "sessions-INITIAL_FORMS": 0,
        "price_options-TOTAL_FORMS": 0,
        "price_options-INITIAL_FORMS": 0,
    }
    for i, (start, end) in enumerate(
        [("10:00:00", "12:00:00"), ("11:00:00", "13:00:00")]
    ):
        data |= {
            f"sessions-{i}-number": i + 1,
            f"sessions-{i}-title": f"S{i}",
            f"sessions-{i}-starts_at_0": "2030-05-21",
            f"sessions-{i}-starts_at_1": start,
            f"sessions-{i}-ends_at_0": "2030-05-21",
            f"sessions-{i}-ends_at_1": end,
            f"sessions-{i}-mode": "online",
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Sessions 1 and 2 overlap." in response.content.decode()
    assert cohort.sessions.count() == 0
