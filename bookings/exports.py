"""The participants list as a CSV file (for venues, name badges, registers)."""

from __future__ import annotations

import csv

from django.db.models import QuerySet
from django.http import HttpResponse

from bookings.models import Place

CSV_COLUMNS = [
    "Name",
    "Email",
    "Organisation",
    "Package",
    "Sessions",
    "Free place",
    "Price paid",
    "Access needs",
    "Dietary requirements",
    "Order",
    "Status",
]


def participants_csv(places: QuerySet[Place], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    rows = places.select_related(
        "order__organisation", "price_option"
    ).prefetch_related("sessions")
    for place in rows.order_by("cohort", "attendee_name"):
        writer.writerow(
            [
                place.attendee_name,
                place.attendee_email,
                place.order.organisation or "",
                place.price_option.name if place.price_option else "",
                " ".join(str(s.number) for s in place.sessions.all()) or "all",
                "yes" if place.is_free_place else "no",
                place.total,
                place.access_needs,
                place.dietary_requirements,
                place.order.reference,
                place.get_status_display(),
            ]
        )
    return response
