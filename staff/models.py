"""A message staff wrote to a cohort: the key that makes each copy go once.

Each copy is a ``Notification`` whose unique key is (kind, this message,
recipient): pressing Send twice, or two workers sending the same message, can
record a copy for a person only once. The ``token`` comes from the compose
form, so a double-submitted form finds the message it already made.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.limits import PAGE, limited


class CohortMessage(models.Model):
    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed participants")
        WAITING = "waiting", _("Waiting list")
        APPLICANTS = "applicants", _("Applicants awaiting a decision")
        GUESTS = "guests", _("Guests")

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="staff_messages"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(
        help_text=_(
            "Merge fields: {first_name}, {next_session} and {space_link} are "
            "filled in for each person."
        ),
        **limited(PAGE),
    )
    about_place = models.BooleanField(
        _("about their place"),
        default=False,
        help_text=_(
            "Tick only for practical news about their place (a changed room, a "
            "new joining link): it then goes to people who turned off optional "
            "emails too."
        ),
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("view_network_reports", "Can view network reports")]

    def __str__(self) -> str:
        return self.subject
