"""Enquiries from the contact form: stored for staff, and emailed to them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bookings import emails
from bookings.errors import BookingError
from bookings.models import Enquiry
from cop.audit import record

MESSAGE_LIMIT = 5000


def submit_enquiry(
    *,
    topic: str,
    name: str,
    email: str,
    message: str,
    organisation: str = "",
    user=None,
) -> Enquiry:
    """Record an enquiry and email the provider's contact address once."""
    if topic not in Enquiry.Topic.values:
        raise BookingError(_("Choose what your enquiry is about."), field="topic")
    message = message.strip()
    if not message:
        raise BookingError(_("Enter your message."), field="message")
    if len(message) > MESSAGE_LIMIT:
        raise BookingError(
            _("Keep your message to %(limit)s characters or fewer.")
            % {"limit": f"{MESSAGE_LIMIT:,}"},
            field="message",
        )
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            topic=topic,
            name=name.strip(),
            email=email.strip(),
            organisation=organisation.strip(),
            message=message,
            user=user if getattr(user, "is_authenticated", False) else None,
        )
        record("bookings.enquiry.received", enquiry, actor=user, topic=topic)
        emails.send_enquiry(enquiry)
    return enquiry
