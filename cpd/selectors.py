"""Reads for pages: a participant's certificates.

``certificates_for(user)`` is what the account dashboard and the CPD record
page (in ``portal``) show.
"""

from __future__ import annotations

from django.db import models

from cpd.models import Certificate


def certificates_for(user) -> models.QuerySet[Certificate]:
    """The user's current (valid) certificates, newest first."""
    return (
        Certificate.objects.owned_by(user)
        .valid()
        .select_related("cohort__programme")
        .order_by("-issued_at")
    )


def certificate_for_download(user, number: str) -> Certificate | None:
    """The certificate if ``user`` may download it; None (a 404) otherwise."""
    if not user.is_authenticated:
        return None
    queryset = Certificate.objects.filter(number=number)
    if not (user.is_staff and user.has_perm("cpd.view_certificate")):
        return queryset.owned_by(user).first()
    if user.is_coordinator:
        return queryset.first()
    return queryset.filter(cohort__programme__facilitators=user).first()
