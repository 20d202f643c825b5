"""CPD's personal data: attendance and certificates.

Certificates stay verifiable after erasure: the number, the name printed on
them and the course are kept; the email address goes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cop.models import User
from cop.privacy import anonymous_email, declare, keep, rows, verified_emails, wipe
from cpd.models import Attendance, Certificate

VERIFIABLE = (
    "Printed on the certificate, so anyone shown it can still check it is genuine."
)

CERTIFICATE = declare(
    Certificate,
    wipe("participant_email", anonymous_email),
    keep("participant_name", reason=VERIFIABLE),
    keep("pdf", reason=VERIFIABLE),
    keep("practice", reason=VERIFIABLE),
)
DECLARATIONS = [CERTIFICATE]


def _certificates(user: User):
    emails = verified_emails(user)
    return Certificate.objects.filter(Q(user=user) | Q(participant_email__in=emails))


def export(user: User) -> dict[str, Any]:
    return {
        "attendance": rows(Attendance.objects.filter(place__attendee=user)),
        "certificates": rows(_certificates(user)),
    }


def erase(user: User) -> None:
    CERTIFICATE.erase(_certificates(user), user)
