from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from cohorts import public_cache
from cohorts.availability import cohort_state
from cohorts.calendar import build_calendar
from cohorts.extensions import cohort_page_context
from cohorts.selectors import (
    is_confirmed_participant,
    listed_programmes,
    programmes_with_counts,
    times_to_be_agreed,
    visible_cohort,
)


def programme_list(request):
    return render(
        request, "cohorts/programme_list.html", {"programmes": programmes_with_counts()}
    )


def programme_detail(request, slug):
    programme = get_object_or_404(listed_programmes(), slug=slug)
    now = timezone.now()
    cohorts = [(c, cohort_state(c, now)) for c in programme.listed_cohorts]
    text = public_cache.programme_text(
        programme.pk,
        lambda: render_to_string(
            "cohorts/_programme_text.html",
            {"programme": programme, "facilitators": programme.facilitators.all()},
        ),
    )
    return render(
        request,
        "cohorts/programme_detail.html",
        {"programme": programme, "cohorts": cohorts, "programme_text": text},
    )


def cohort_detail(request, programme_slug, slug):
    cohort = visible_cohort(request.user, programme_slug, slug)
    is_participant = is_confirmed_participant(request.user, cohort)
    provisional = times_to_be_agreed(cohort)
    session_list = public_cache.session_list(
        cohort.pk,
        participant=is_participant,
        provisional=provisional,
        render=lambda: render_to_string(
            "cohorts/_session_list.html",
            {
                "cohort": cohort,
                "programme": cohort.programme,
                "sessions": list(cohort.sessions.order_by("starts_at")),
                "is_participant": is_participant,
                "times_to_be_agreed": provisional,
            },
        ),
    )
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "session_list": session_list,
            "sessions_exist": cohort.first_session is not None,
            "state": cohort_state(cohort),
            "is_participant": is_participant,
            "times_to_be_agreed": provisional,
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
