"""Reads for pages: a participant's certificates.

``certificates_for(user)`` is what the account dashboard and the CPD record
page (in ``portal``) show.
"""

from __future__ import annotations

from django.db import models

from cop.scoping import facilitated_by
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
    return facilitated_by(queryset, user, programme_path="cohort__programme").first()
