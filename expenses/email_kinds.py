"""The emails expenses sends, registered with the notifications kinds registry."""

from django.utils.translation import gettext_lazy as _

from notifications import kinds

kinds.register("expenses_claim_approved", label=_("Expense claim approved"))
kinds.register("expenses_claim_rejected", label=_("Expense claim rejected"))
