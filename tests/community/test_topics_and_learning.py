"""Topics set by the group, and learning shared with the network."""

import pytest

from community import learning, topics
from community.errors import CommunityError, NotAllowedError
from community.models import SharedItem, TopicVote
from cop.models import AuditEvent
from tests.community.factories import make_space
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(space):
    return topics.propose_topic(
        access=space.access(), user=space.member, title="Working with volunteers"
    )


def test_members_vote_once_and_a_replayed_vote_is_refused(client, space, topic):
    client.force_login(space.other_member)
    path = f"/space/{space.cohort.pk}/topics/{topic.pk}/vote/"
    client.post(path, {"action": "vote"})
    response = client.post(path, {"action": "vote"}, follow=True)
    assert "already voted" in response.content.decode()
    assert TopicVote.objects.filter(topic=topic).count() == 1


def test_a_vote_can_be_withdrawn(space, topic):
    topics.vote(access=space.access(), topic=topic, user=space.member)
    topics.withdraw_vote(access=space.access(), topic=topic, user=space.member)
    assert not TopicVote.objects.exists()


def test_withdrawing_a_vote_never_cast_is_refused(space, topic):
    with pytest.raises(CommunityError, match="had not voted"):
        topics.withdraw_vote(access=space.access(), topic=topic, user=space.member)


def test_a_member_of_another_cohort_cannot_vote(space, topic):
    elsewhere = make_space()
    with pytest.raises(NotAllowedError):
        topics.vote(access=elsewhere.access(), topic=topic, user=elsewhere.member)
    assert not TopicVote.objects.exists()


def test_topics_are_ranked_by_votes(space, topic):
    favourite = topics.propose_topic(
        access=space.access(), user=space.member, title="Funding"
    )
    topics.vote(access=space.access(), topic=favourite, user=space.member)
    topics.vote(access=space.access(), topic=favourite, user=space.other_member)
    topics.vote(access=space.access(), topic=topic, user=space.member)
    assert [t.title for t in topics.ranked(space.cohort)] == [
        "Funding",
        "Working with volunteers",
    ]


def test_an_assigned_topic_shows_on_the_session_page(client, space, topic):
    session = space.sessions[-1]
    topics.assign_topic(
        access=space.access(staff=True),
        topic=topic,
        session=session,
        actor=space.facilitator,
    )
    client.force_login(space.member)
    page = client.get(f"/space/{space.cohort.pk}/sessions/{session.pk}/")
    assert "Working with volunteers" in page.content.decode()
    assert AuditEvent.objects.filter(action="community.topic.assigned").exists()


def test_a_topic_cannot_go_to_another_cohorts_session(space, topic):
    with pytest.raises(CommunityError, match="not in this cohort"):
        topics.assign_topic(
            access=space.access(staff=True),
            topic=topic,
            session=make_space().sessions[0],
            actor=space.facilitator,
        )


def test_a_long_topic_title_is_refused(space):
    with pytest.raises(CommunityError, match="200 characters"):
        topics.propose_topic(access=space.access(), user=space.member, title="x" * 201)


@pytest.fixture
def item(space):
    return learning.draft_item(
        access=space.access(),
        user=space.member,
        kind=SharedItem.Kind.BLOG_POST,
        title="What we learnt about trust",
        body="Trust takes *time*.",
    )


def test_a_draft_opens_a_discussion_for_the_group(space, item):
    assert item.thread.cohort == space.cohort
    assert item.status == SharedItem.Status.DRAFT


def test_publishing_needs_the_group_to_agree_first(space, item):
    with pytest.raises(CommunityError, match="agreed"):
        learning.publish(
            access=space.access(staff=True), item=item, actor=space.facilitator
        )


def test_members_cannot_mark_agreed_or_publish(space, item):
    with pytest.raises(NotAllowedError):
        learning.mark_agreed(access=space.access(), item=item, actor=space.member)


def _publish(space, item):
    staff = space.access(staff=True)
    learning.mark_agreed(access=staff, item=item, actor=space.facilitator)
    learning.publish(access=staff, item=item, actor=space.facilitator)


def test_agreeing_and_publishing_are_audited(space, item):
    _publish(space, item)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "community.shared_item.agreed",
        "community.shared_item.published",
    } <= actions


def test_published_learning_shows_on_the_programmes_public_page(client, space, item):
    _publish(space, item)
    html = client.get(space.cohort.programme.get_absolute_url()).content.decode()
    assert "Learning from this community" in html
    assert "What we learnt about trust" in html
    assert "<em>time</em>" in html


def test_only_members_who_agreed_are_named(client, space, item):
    learning.agree_to_be_named(access=space.access(), item=item, user=space.member)
    _publish(space, item)
    html = client.get(space.cohort.programme.get_absolute_url()).content.decode()
    assert "Mina Member" in html
    assert "Omar Other" not in html


def test_agreeing_to_be_named_twice_is_refused(space, item):
    learning.agree_to_be_named(access=space.access(), item=item, user=space.member)
    with pytest.raises(CommunityError, match="already agreed"):
        learning.agree_to_be_named(access=space.access(), item=item, user=space.member)


def test_drafts_never_show_on_the_public_page(client, space, item):
    html = client.get(space.cohort.programme.get_absolute_url()).content.decode()
    assert "What we learnt about trust" not in html


def test_the_public_page_reads_learning_in_fixed_queries(
    client, space, django_assert_max_num_queries
):
    programme = space.cohort.programme
    for n in range(5):
        item = learning.draft_item(
            access=space.access(),
            user=space.member,
            kind="blog_post",
            title=f"Item {n}",
            body="B",
        )
        learning.agree_to_be_named(access=space.access(), item=item, user=space.member)
        _publish(space, item)
    with django_assert_max_num_queries(12):
        client.get(programme.get_absolute_url())


def test_a_programme_with_nothing_shared_has_no_section(client, db):
    programme = ProgrammeFactory()
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "Learning from this community" not in html


def test_topics_for_session_lists_the_assigned_titles(space, topic):
    from community.selectors import topics_for_session

    topics.assign_topic(
        access=space.access(staff=True),
        topic=topic,
        session=space.sessions[-1],
        actor=space.facilitator,
    )
    assert topics_for_session(space.sessions[-1]) == ["Working with volunteers"]


def test_the_drafter_edits_the_item(client, space, item):
    client.force_login(space.member)
    client.post(
        f"/space/{space.cohort.pk}/learning/{item.pk}/edit/",
        {"title": "Trust, revisited", "body": "Still takes time."},
    )
    item.refresh_from_db()
    assert item.title == "Trust, revisited"


def test_another_member_cannot_edit_the_item(client, space, item):
    client.force_login(space.other_member)
    response = client.get(f"/space/{space.cohort.pk}/learning/{item.pk}/edit/")
    assert response.status_code == 404


def test_changing_an_agreed_item_needs_agreeing_again(space, item):
    learning.mark_agreed(
        access=space.access(staff=True), item=item, actor=space.facilitator
    )
    item.refresh_from_db()
    learning.edit_item(
        access=space.access(), item=item, user=space.member, title="New", body="B"
    )
    assert item.status == SharedItem.Status.DRAFT
