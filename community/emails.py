"""The space's emails: a reply to your thread, the daily digest, guest invites.

Each goes through ``notifications.services.notify`` with a unique key, so a
task that runs twice, or two schedulers running the digest at once, record
(and send) each email once:

- reply: kind ``community_reply``, about the reply, to the thread's author;
- digest: kind ``community_digest``, about nothing, variant the London date
  it covers (one per person per day, all their cohorts in one email);
- guest invitation: kind ``community_guest_invitation``, about the invitation.

The digest is optional (it carries the unsubscribe link and respects it) and
is also off for people who turned it off in the space or from the digest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from bookings.models import Place
from cohorts.calendar import build_calendar
from community.access import closes_at
from community.models import DigestPreference, GuestInvitation, Post
from notifications.models import Notification
from notifications.services import notify

REPLY = "community_reply"
DIGEST = "community_digest"
GUEST_INVITATION = "community_guest_invitation"
DIGEST_HOUR = 7  # London time; the digest covers the day before
DIGEST_SALT = "community.digest-off"
LONDON = ZoneInfo("Europe/London")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_reply_email(post: Post) -> None:
    thread = post.thread
    author = thread.author
    if author is None or not author.is_active or post.author_id == author.pk:
        return
    notify(
        kind=REPLY,
        to=author.email,
        user=author,
        about=post,
        cohort=thread.cohort,
        context={
            "name": author.get_short_name(),
            "thread": thread,
            "post": post,
            "replier": post.author.full_name if post.author else "Former member",
            "url": absolute(
                reverse("community:thread", args=[thread.cohort_id, thread.pk])
            ),
        },
    )


def digest_off_url(user) -> str:
    token = signing.dumps(user.pk, salt=DIGEST_SALT)
    return absolute(reverse("community:digest_off", args=[token]))


def read_digest_off_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=DIGEST_SALT, max_age=60 * 60 * 24 * 90))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def digest_day(now: dt.datetime) -> dt.date | None:
    """The London day a digest run now covers, or None before the send hour."""
    local = timezone.localtime(now, LONDON)
    if local.hour < DIGEST_HOUR:
        return None
    return local.date() - dt.timedelta(days=1)


def _window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)
    return start, end


def send_daily_digests(*, now: dt.datetime | None = None) -> int:
    """Email each member the posts of the previous day in their spaces.

    Returns how many digests were recorded by this run (0 when another run
    already recorded them).
    """
    now = now or timezone.now()
    day = digest_day(now)
    if day is None:
        return 0
    start, end = _window(day)
    posts = list(
        Post.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            is_hidden=False,
            thread__is_hidden=False,
        )
        .select_related("thread__cohort__programme", "author")
        .order_by("thread__cohort_id", "thread_id", "created_at")
    )
    if not posts:
        return 0
    by_cohort: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        by_cohort[post.thread.cohort_id].append(post)
    # Only spaces members may still open (the programme's period after the end).
    open_cohorts = [
        cohort_id
        for cohort_id, items in by_cohort.items()
        if _is_open(items[0].thread.cohort, now)
    ]
    opted_out = set(
        DigestPreference.objects.filter(daily_digest=False).values_list(
            "user_id", flat=True
        )
    )
    readers = (
        Place.objects.confirmed()
        .filter(
            cohort_id__in=open_cohorts,
            attendee__isnull=False,
            attendee__is_active=True,
        )
        .exclude(attendee_id__in=opted_out)
        .select_related("attendee")
        .order_by("attendee_id", "cohort_id")
    )
    cohorts_of: dict[int, set[int]] = defaultdict(set)
    people = {}
    for place in readers:
        cohorts_of[place.attendee_id].add(place.cohort_id)
        people[place.attendee_id] = place.attendee
    # A second run skips the rendering for digests already recorded; the
    # unique key still decides when two runs overlap.
    done = set(
        Notification.objects.filter(kind=DIGEST, variant=day.isoformat()).values_list(
            "recipient_email", flat=True
        )
    )
    sent = 0
    for user_id, cohort_ids in cohorts_of.items():
        user = people[user_id]
        if user.email.lower() in done:
            continue
        sections = [
            (
                by_cohort[cid][0].thread.cohort,
                [p for p in by_cohort[cid] if p.author_id != user_id],
            )
            for cid in sorted(cohort_ids)
        ]
        sections = [(cohort, items) for cohort, items in sections if items]
        if not sections:
            continue
        notification = notify(
            kind=DIGEST,
            to=user.email,
            user=user,
            variant=day.isoformat(),
            optional=True,
            context={
                "name": user.get_short_name(),
                "day": day,
                "sections": [
                    {
                        "cohort": cohort,
                        "posts": items,
                        "url": absolute(reverse("community:space", args=[cohort.pk])),
                    }
                    for cohort, items in sections
                ],
                "digest_off_url": digest_off_url(user),
            },
        )
        sent += notification is not None
    return sent


def _is_open(cohort, now: dt.datetime) -> bool:
    closing = closes_at(cohort)
    return cohort.status != cohort.Status.DRAFT and (closing is None or now < closing)


def send_guest_invitation(invitation: GuestInvitation) -> None:
    session = invitation.session
    ics = build_calendar([session], method="REQUEST", include_private=True)
    notify(
        kind=GUEST_INVITATION,
        to=invitation.email,
        about=invitation,
        cohort=session.cohort,
        context={
            "invitation": invitation,
            "session": session,
            "cohort": session.cohort,
            "programme": session.cohort.programme,
            "url": absolute(reverse("community:guest", args=[invitation.token])),
        },
        attachments=[("invite.ics", ics.decode(), "text/calendar; method=REQUEST")],
    )
