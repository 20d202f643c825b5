"""The emails applications sends, registered with the notifications kinds registry."""

from django.utils.translation import gettext_lazy as _

from notifications import kinds

kinds.register("applications_accepted", label=_("Application accepted"))
kinds.register("applications_declined", label=_("Application declined"))
kinds.register("applications_interest", label=_("Interest registered"))
kinds.register("applications_moved", label=_("Application moved to another cohort"))
kinds.register("applications_received", label=_("Application received"))
kinds.register("applications_waitlisted", label=_("Application on the waiting list"))
kinds.register(
    "notifications_application_deadline",
    optional=True,
    label=_("Application deadline reminder"),
)
