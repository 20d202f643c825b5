"""The participant's own records kept by the portal: the private calendar feed."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private calendar feed: the token in the URL is the only key.

    Resetting gives a new token; the old URL then answers 404.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
