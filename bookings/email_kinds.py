"""The emails bookings sends, registered with the notifications kinds registry.

None is optional: people need their confirmations, offers and reminders of
money owed. (The session reminder and after-session notes, which are
optional, are registered in ``bookings.reminders``.)
"""

from django.utils.translation import gettext_lazy as _

from notifications import kinds

kinds.register("bookings_cancelled", label=_("Booking cancelled"))
kinds.register("bookings_confirmation", label=_("Booking confirmation"))
kinds.register("bookings_late_payment_refunded", label=_("Late payment refunded"))
kinds.register("bookings_place_confirmed", label=_("Place confirmed"))
kinds.register("bookings_waiting_list_joined", label=_("Joined the waiting list"))
kinds.register("bookings_waiting_list_offer", label=_("Waiting list offer"))
kinds.register("notifications_invoice_reminder", label=_("Invoice reminder"))
kinds.register("notifications_place_invite", label=_("Calendar invitation"))
kinds.register(
    "notifications_session_reminder", optional=True, label=_("Session reminder")
)
kinds.register(
    "notifications_post_session", optional=True, label=_("After-session notes")
)
kinds.register("bookings_invoice", label=_("Invoice"))
kinds.register("bookings_credit_note", label=_("Credit note"))
kinds.register("bookings_receipt", label=_("Receipt for a card payment"))
kinds.register("bookings_enquiry", label=_("Enquiry (to staff)"))
kinds.register("bookings_place_swapped", label=_("Place given to a colleague"))
