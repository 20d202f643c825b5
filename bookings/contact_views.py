"""The enquiry form: anyone may ask about a bespoke cohort, membership or else."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bookings import enquiries
from bookings.errors import BookingError
from bookings.forms import EnquiryForm
from cop.refusals import show_refusal


def enquiry(request):
    user = request.user if request.user.is_authenticated else None
    initial = {}
    if user is not None:
        initial = {
            "name": user.full_name,
            "email": user.email,
            "organisation": getattr(user.organisation, "name", ""),
        }
    if request.GET.get("topic") in {"bespoke", "membership", "booking", "other"}:
        initial["topic"] = request.GET["topic"]
    data = request.POST if request.method == "POST" else None
    form = EnquiryForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enquiries.submit_enquiry(user=user, **form.cleaned_data)
        except BookingError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, _("Thank you: we have your enquiry and will reply by email.")
            )
            return redirect("bookings:enquiry")
    return render(request, "bookings/enquiry.html", {"form": form})
