"""Which emails are optional. Everything else is always sent.

Optional emails carry an unsubscribe link and are skipped for people who
used it. Booking confirmations, invites for a booked place, waiting-list
offers, invoices and certificates are never optional: people need them.
"""

SESSION_REMINDER = "notifications_session_reminder"
SESSION_UPDATED = "notifications_session_updated"
POST_SESSION = "notifications_post_session"
APPLICATION_DEADLINE = "notifications_application_deadline"
INVOICE_REMINDER = "notifications_invoice_reminder"
PLACE_INVITE = "notifications_place_invite"

# Emails that carry the calendar invite for a booked place (bookings sends the
# first two with the confirmation); the invite scan skips anyone who had one.
INVITE_KINDS = (PLACE_INVITE, "bookings_confirmation", "bookings_place_confirmed")

OPTIONAL_KINDS = frozenset({SESSION_REMINDER, POST_SESSION, APPLICATION_DEADLINE})


def is_optional(kind: str) -> bool:
    return kind in OPTIONAL_KINDS
