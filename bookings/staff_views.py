"""Bookings screens beyond the lists: participants CSV, free places, invoice PDF.

Plain views in the admin's look (``cop.staff_screens``), included by the
place and invoice admins' ``get_urls`` so their URLs and ``admin:`` names
stay the same. Facilitators reach only their own programmes' cohorts (404
otherwise); coordinators reach all.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _

from bookings import invoicing
from bookings.exports import participants_csv
from bookings.models import Invoice, Place
from cohorts.models import Cohort
from cop.staff_screens import render_screen, staff_screen


def _cohorts(request: HttpRequest):
    return Cohort.objects.facilitated_by(request.user)


@staff_screen("bookings.view_place")
def cohort_participants_csv(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Everyone with a confirmed place in one cohort, as a CSV file."""
    cohort = get_object_or_404(_cohorts(request), pk=cohort_id)
    places = Place.objects.confirmed().filter(cohort=cohort)
    return participants_csv(places, f"participants-{cohort.slug}.csv")


@staff_screen("bookings.view_place")
def free_places(request: HttpRequest) -> HttpResponse:
    """Free places used per organisation and cohort, against the allowance."""
    rows = (
        Place.objects.filter(cohort__in=_cohorts(request), is_free_place=True)
        .filter(Q(status=Place.Status.CONFIRMED) | Q(status=Place.Status.HELD))
        .values(
            "order__organisation__name",
            "order__organisation__type",
            "order__organisation__membership_tier__name",
            "cohort__programme__name",
            "cohort__name",
        )
        .annotate(used=Count("pk"))
        .order_by("order__organisation__name", "cohort__name")
    )
    return render_screen(
        request,
        "bookings/admin_free_places.html",
        title=_("Free places used per organisation"),
        model=Place,
        rows=rows,
    )


@staff_screen("bookings.view_invoice")
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoices = Invoice.objects.filter(order__cohort__in=_cohorts(request))
    invoice = get_object_or_404(invoices, pk=invoice_id)
    response = HttpResponse(
        invoicing.invoice_pdf(invoice), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{invoice.display_number}.pdf"'
    )
    return response


# Included by PlaceAdmin.get_urls, so under /admin/bookings/place/.
place_urlpatterns = [
    path(
        "cohort/<int:cohort_id>/participants.csv",
        cohort_participants_csv,
        name="bookings_place_cohort_csv",
    ),
    path("free-places/", free_places, name="bookings_place_free_places"),
]

# Included by InvoiceAdmin.get_urls, so under /admin/bookings/invoice/.
invoice_urlpatterns = [
    path("<int:invoice_id>/pdf/", invoice_pdf, name="bookings_invoice_pdf"),
]
