"""Celery tasks for the space. Thin: they take ids and call community.emails."""

from __future__ import annotations

from celery import shared_task

from community import emails
from community.models import GuestInvitation, Post


@shared_task(acks_late=True, max_retries=3, default_retry_delay=60)
def send_reply_email(post_id: int) -> None:
    post = (
        Post.objects.select_related("thread__author", "thread__cohort", "author")
        .filter(pk=post_id)
        .first()
    )
    if post is not None:
        emails.send_reply_email(post)


@shared_task(acks_late=True, max_retries=3, default_retry_delay=60)
def send_guest_invitation(invitation_id: int) -> None:
    invitation = (
        GuestInvitation.objects.select_related("session__cohort__programme")
        .filter(pk=invitation_id, is_withdrawn=False)
        .first()
    )
    if invitation is not None:
        emails.send_guest_invitation(invitation)


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """Beat, hourly: after 07:00 London, the previous day's digest, once."""
    return emails.send_daily_digests()
