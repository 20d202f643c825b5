"""Sample context for previewing the space's emails in the admin.

Registered with ``notifications.previews.sample_for`` when the app is ready;
unsaved objects only, so a preview never touches the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from cohorts.models import Cohort, Programme, Session
from community import emails
from community.markdown import render_markdown
from community.models import GuestInvitation, Post, Thread
from cop.models import User
from notifications.previews import sample_for


def _thread() -> Thread:
    programme = Programme(name="Shared Ground", slug="shared-ground")
    cohort = Cohort(pk=0, programme=programme, name="2026-27", slug="2026-27")
    author = User(email="sam.patel@example.org", full_name="Sam Patel")
    return Thread(
        pk=0, cohort=cohort, title="Reaching younger residents", author=author
    )


def _post(thread: Thread) -> Post:
    body = "We went to them instead: pop-ups at the **college**."
    return Post(
        pk=0,
        thread=thread,
        author=User(full_name="Aisha Khan"),
        body=body,
        body_html=render_markdown(body),
        created_at=timezone.now(),
    )


@sample_for(emails.REPLY)
def reply_sample(shared: dict[str, Any]) -> dict[str, Any]:
    thread = _thread()
    return {
        "name": "Sam",
        "thread": thread,
        "post": _post(thread),
        "replier": "Aisha Khan",
        "url": f"{settings.SITE_URL}/space/0/discussion/0/",
    }


@sample_for(emails.DIGEST)
def digest_sample(shared: dict[str, Any]) -> dict[str, Any]:
    thread = _thread()
    return {
        "name": "Sam",
        "day": timezone.localdate() - dt.timedelta(days=1),
        "sections": [
            {
                "cohort": thread.cohort,
                "posts": [_post(thread)],
                "url": f"{settings.SITE_URL}/space/0/",
            }
        ],
        "digest_off_url": f"{settings.SITE_URL}/space/email/digest-off/sample/",
    }


@sample_for(emails.GUEST_INVITATION)
def guest_sample(shared: dict[str, Any]) -> dict[str, Any]:
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    programme = Programme(name="Shared Ground", slug="shared-ground")
    cohort = Cohort(programme=programme, name="2026-27", slug="2026-27")
    session = Session(
        cohort=cohort,
        number=3,
        title="Working with partners",
        starts_at=start + dt.timedelta(days=14),
        ends_at=start + dt.timedelta(days=14, hours=2),
        joining_link="https://meet.example/shared-ground-3",
    )
    return {
        "invitation": GuestInvitation(
            session=session,
            name="Rosa Mendes",
            email="rosa@example.org",
            topic="Participatory budgeting",
        ),
        "session": session,
        "cohort": cohort,
        "programme": programme,
        "url": f"{settings.SITE_URL}/space/guest/sample/",
    }
