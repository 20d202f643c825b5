"""Deadline reminders for people who expressed interest but have not applied.

Registered with the notifications scan registry in ``ApplicationsConfig.ready``.
"""

from __future__ import annotations

import datetime as dt

from applications.selectors import interested_without_application
from cohorts.models import Cohort
from notifications.selectors import already_notified, longest, policy_for
from notifications.services import about_key, notify

# The kind keeps its old name: templates and logged emails use it
# (registered as optional in applications.email_kinds).
APPLICATION_DEADLINE = "notifications_application_deadline"


def scan_application_deadlines(*, now: dt.datetime) -> int:
    """Remind people who expressed interest but have not applied, 48 h before."""
    horizon = longest("application_deadline_hours", 48)
    cohorts = (
        Cohort.objects.filter(
            status=Cohort.Status.OPEN,
            application_deadline__gt=now,
            application_deadline__lte=now + horizon,
        )
        .select_related("programme__reminder_policy")
        .order_by("application_deadline")
    )
    queued = 0
    for cohort in cohorts:
        policy = policy_for(cohort.programme)
        hours = dt.timedelta(hours=policy.application_deadline_hours)
        if cohort.application_deadline - now > hours:
            continue
        variant = f"{cohort.application_deadline:%Y%m%dT%H%MZ}"
        done = already_notified(
            kind=APPLICATION_DEADLINE, about_key=about_key(cohort), variant=variant
        )
        for person in interested_without_application(cohort):
            if person.email.lower() in done:
                continue  # skip rendering an email the unique key would refuse
            sent = notify(
                kind=APPLICATION_DEADLINE,
                to=person.email,
                context={
                    "cohort": cohort,
                    "programme": cohort.programme,
                    "name": person.name,
                },
                about=cohort,
                user=getattr(person, "user", None),
                cohort=cohort,
                # A deadline that is extended gets its own reminder.
                variant=variant,
            )
            queued += sent is not None
    return queued
