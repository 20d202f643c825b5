from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cohorts.availability import cohort_state
from cohorts.calendar import build_calendar
from cohorts.extensions import cohort_page_context
from cohorts.selectors import (
    is_confirmed_participant,
    listed_programmes,
    times_to_be_agreed,
    visible_cohort,
)


def programme_list(request):
    return render(
        request, "cohorts/programme_list.html", {"programmes": listed_programmes()}
    )


def programme_detail(request, slug):
    programme = get_object_or_404(listed_programmes(), slug=slug)
    now = timezone.now()
    cohorts = [(c, cohort_state(c, now)) for c in programme.listed_cohorts]
    return render(
        request,
        "cohorts/programme_detail.html",
        {
            "programme": programme,
            "cohorts": cohorts,
            "facilitators": programme.facilitators.all(),
        },
    )


def cohort_detail(request, programme_slug, slug):
    cohort = visible_cohort(request.user, programme_slug, slug)
    sessions = cohort.sessions.order_by("starts_at")
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "sessions": sessions,
            "state": cohort_state(cohort),
            "is_participant": is_confirmed_participant(request.user, cohort),
            "times_to_be_agreed": times_to_be_agreed(cohort),
            # Prices and the like, from the apps that own them (bookings).
            **cohort_page_context(request.user, cohort),
        },
    )


def cohort_calendar(request, programme_slug, slug):
    cohort = visible_cohort(request.user, programme_slug, slug)
    sessions = cohort.sessions.select_related("cohort__programme").order_by("starts_at")
    body = build_calendar(
        sessions, include_private=is_confirmed_participant(request.user, cohort)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{cohort.programme.slug}-{cohort.slug}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
