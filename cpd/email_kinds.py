"""The emails cpd sends, registered with the notifications kinds registry."""

from django.utils.translation import gettext_lazy as _

from notifications import kinds

kinds.register("cpd_certificate_ready", label=_("CPD certificate ready"))
