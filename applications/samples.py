"""Sample application and interest for the email template previews.

Unsaved objects only: a preview never touches the database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from applications.messages import Kind, default_message
from applications.models import Application, ExpressionOfInterest
from cop.templatetags.cop_tags import format_when


def sample_application(context: dict[str, Any]) -> dict[str, Any]:
    """Builds on the cohort sample (cohorts registers first)."""
    user, cohort = context["user"], context["cohort"]
    application = Application(
        pk=0,
        cohort=cohort,
        applicant=user,
        status=Application.Status.SUBMITTED,
        organisation_name="Northshire Council",
        submitted_at=timezone.now(),
    )
    interest = ExpressionOfInterest(
        cohort=cohort,
        name=user.full_name,
        email=user.email,
        organisation="Northshire Council",
    )
    return {
        "application": application,
        "application_url": settings.SITE_URL
        + reverse("applications:detail", args=[application.pk]),
        "interest": interest,
        "apply_url": settings.SITE_URL + reverse("applications:apply", args=[0]),
    }


def _decision(kind: str):
    """The default wording of a decision email, filled as it is sent."""

    def sample(context: dict[str, Any]) -> dict[str, Any]:
        user, cohort, session = context["user"], context["cohort"], context["session"]
        values = {
            "{name}": user.full_name,
            "{programme}": cohort.programme.name,
            "{cohort}": cohort.name,
            "{first_session}": format_when(session.starts_at, session.ends_at),
        }
        text = default_message(kind)
        subject, body = text.subject, text.body
        for placeholder, value in values.items():
            subject = subject.replace(placeholder, value)
            body = body.replace(placeholder, value)
        return {"subject": subject, "body": body}

    return sample


def decision_samples() -> dict[str, Any]:
    """Per decision kind (applications_accepted...), its sample wording."""
    return {f"applications_{kind}": _decision(kind) for kind in Kind.values}
