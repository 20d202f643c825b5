"""Selection screens beyond the application list: the availability tally.

Plain views in the admin's look (``cop.staff_screens``), included by
``ApplicationAdmin.get_urls`` so the tally stays at
``/admin/applications/application/tally/<cohort>/`` as
``admin:applications_application_tally``. Facilitators reach only their own
programmes' cohorts (404 otherwise). Setting the sessions from the tally
calls ``applications.scheduling.schedule_weekly_sessions``.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from applications.admin_forms import ScheduleForm
from applications.availability import day_label, find_option, tally
from applications.errors import ApplicationError
from applications.models import Application
from applications.scheduling import schedule_weekly_sessions
from bookings.capacity import places_left
from cohorts.models import Cohort
from cop.refusals import show_refusal
from cop.staff_screens import render_screen, require, staff_screen

SCHEDULE = ("cohorts.add_session", "cohorts.change_session")


@staff_screen("applications.view_application")
def availability_tally(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """When applicants can come, and a form to set the sessions from it."""
    cohort = (
        Cohort.objects.facilitated_by(request.user)
        .select_related("programme")
        .filter(pk=cohort_id)
        .first()
    )
    if cohort is None:
        raise Http404
    result = tally(cohort, include_all=request.GET.get("all") == "1")
    form = ScheduleForm(request.POST or None, tally=result)
    if request.method == "POST":
        require(request, *SCHEDULE)
        if form.is_valid() and _schedule(request, cohort, form):
            return redirect(
                reverse("admin:applications_application_tally", args=[cohort.pk])
            )
    return render_screen(
        request,
        "admin/applications/application/tally.html",
        title=_("Availability: %(cohort)s") % {"cohort": cohort},
        model=Application,
        cohort=cohort,
        tally=result,
        form=form,
        sessions=cohort.sessions.order_by("number"),
        status_counts=_status_counts(cohort),
        places_left=places_left(cohort),
    )


def _schedule(request: HttpRequest, cohort: Cohort, form: ScheduleForm) -> bool:
    """Set the weekly sessions the form chose; False (errors on the form) if refused."""
    weekday, code, first_date, count = form.chosen()
    option = find_option(cohort, code)
    if option is None:
        form.add_error("slot", _("Choose a slot from the list."))
        return False
    try:
        schedule_weekly_sessions(
            cohort=cohort,
            weekday=weekday,
            option=option,
            first_date=first_date,
            count=count,
            actor=request.user,
        )
    except ApplicationError as error:
        show_refusal(form, error)
        return False
    messages.success(
        request,
        _("%(n)d sessions set for %(day)s %(time)s from %(date)s.")
        % {
            "n": count,
            "day": day_label(weekday),
            "time": option.display,
            "date": first_date.strftime("%d/%m/%Y"),
        },
    )
    return True


def _status_counts(cohort: Cohort) -> list[tuple[object, int]]:
    counts = dict(
        Application.objects.filter(cohort=cohort)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [
        (label, counts.get(value, 0)) for value, label in Application.Status.choices
    ]


# Included by ApplicationAdmin.get_urls, so under /admin/applications/application/.
urlpatterns = [
    path(
        "tally/<int:cohort_id>/",
        availability_tally,
        name="applications_application_tally",
    ),
]
