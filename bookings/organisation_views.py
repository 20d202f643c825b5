"""Pages for an organisation's booking contact (and bookers swapping a place).

Each page checks who asks: a contact sees only their own organisation's
orders; anyone else gets 404, so references cannot be probed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import invoicing, organisations, services
from bookings.errors import BookingError
from bookings.forms import SwapForm
from bookings.models import Order, Place
from cop.refusals import show_refusal


def _contact(request):
    if not organisations.is_contact(request.user):
        raise Http404
    return request.user


def _managed_order(request, reference: str) -> Order:
    order = get_object_or_404(
        Order.objects.select_related("cohort__programme", "organisation", "booker"),
        reference=reference,
    )
    if not organisations.may_manage(request.user, order):
        raise Http404
    return order


@login_required
def organisation_bookings(request):
    contact = _contact(request)
    orders = [
        {
            "order": order,
            "invoice": getattr(order, "invoice", None),
            "live": [
                p for p in order.places.all() if p.status == Place.Status.CONFIRMED
            ],
        }
        for order in organisations.organisation_orders(contact)
    ]
    return render(
        request,
        "bookings/organisation_bookings.html",
        {
            "organisation": contact.organisation,
            "orders": orders,
            "colleagues": list(organisations.colleagues_to_confirm(contact)),
        },
    )


@login_required
@require_POST
def confirm_colleague(request, user_id: int):
    contact = _contact(request)
    try:
        colleague = organisations.confirm_member(contact=contact, user_id=user_id)
    except BookingError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is confirmed as a member of %(organisation)s.")
            % {
                "name": colleague.full_name or colleague.email,
                "organisation": contact.organisation,
            },
        )
    return redirect("bookings:organisation_bookings")


@login_required
def organisation_invoice(request, reference: str):
    order = _managed_order(request, reference)
    invoice = getattr(order, "invoice", None) if hasattr(order, "invoice") else None
    if invoice is None:
        raise Http404
    response = HttpResponse(
        invoicing.invoice_pdf(invoice), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{invoice.display_number}.pdf"'
    )
    return response


@login_required
def swap(request, reference: str, place_id: int):
    """Give a confirmed place to someone else, until the cancellation cut-off."""
    order = _managed_order(request, reference)
    place = get_object_or_404(
        order.places.filter(status=Place.Status.CONFIRMED), pk=place_id
    )
    form = SwapForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisations.swap_attendee(
                place_id=place.pk, actor=request.user, **form.cleaned_data
            )
        except BookingError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now has the place. We have emailed both people.")
                % {"name": form.cleaned_data["name"]},
            )
            if order.booker_id == request.user.pk:
                return redirect(order)
            return redirect("bookings:organisation_bookings")
    return render(
        request,
        "bookings/swap.html",
        {
            "order": order,
            "place": place,
            "cohort": order.cohort,
            "form": form,
            "deadline": services.cancellation_deadline(order.cohort),
        },
    )
