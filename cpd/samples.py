"""Sample certificate for the email template previews (unsaved objects)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cpd.certificates import download_url, verify_url
from cpd.models import Certificate


def sample_certificate(context: dict[str, Any]) -> dict[str, Any]:
    """Builds on the cohort sample (cohorts registers first)."""
    user, cohort, session = context["user"], context["cohort"], context["session"]
    day = timezone.localdate(session.starts_at)
    certificate = Certificate(
        number="CPD-7K3M-Q9XZ-4HPA-2WNR",
        cohort=cohort,
        user=user,
        participant_name=user.full_name,
        participant_email=user.email,
        programme_name=cohort.programme.name,
        cohort_name=cohort.name,
        first_session_on=day,
        last_session_on=day,
        hours=Decimal("12.00"),
        points=Decimal("12.00"),
        provider_name=settings.PROVIDER_NAME,
    )
    return {
        "certificate": certificate,
        "download_url": download_url(certificate),
        "verify_url": verify_url(certificate),
        "record_url": settings.SITE_URL + reverse("portal:cpd_record"),
    }
