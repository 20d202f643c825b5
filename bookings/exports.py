"""The participants list as a CSV file (for venues, name badges, registers)."""

from __future__ import annotations

import csv

from django.db.models import QuerySet
from django.http import HttpResponse

from bookings.models import Place
from bookings.place_questions import answers_by_place, booking_questions
from cohorts import questions
from cohorts.models import Cohort

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
    rows = list(
        places.select_related("order__organisation", "price_option")
        .prefetch_related("sessions")
        .order_by("cohort", "attendee_name")
    )
    # Staff's own booking questions: one column each, after the fixed ones.
    asked = {
        q.pk: q
        for cohort in Cohort.objects.filter(pk__in={p.cohort_id for p in rows})
        for q in booking_questions(cohort)
    }
    answers = answers_by_place(rows)
    writer.writerow([*CSV_COLUMNS, *(q.text for q in asked.values())])
    for place in rows:
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
                *(
                    questions.display(q, answers[place.pk].get(q.pk))
                    for q in asked.values()
                ),
            ]
        )
    return response
