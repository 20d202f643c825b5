"""Staff screens for cohorts: sessions from a series rule, and catering numbers.

Plain views in the admin's look (``cop.staff_screens``), included by
``CohortAdmin.get_urls`` so they stay under ``/admin/cohorts/cohort/`` with
``admin:`` names. Facilitators reach only their own programmes' cohorts
(404 otherwise).
"""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cohorts.attendance import numbers_for
from cohorts.models import AttendanceIntention, Cohort, Session
from cohorts.series import (
    MAX_SESSIONS,
    SeriesError,
    SeriesRule,
    create_series,
    parse_dates,
)
from cop.refusals import show_refusal
from cop.staff_screens import render_screen, staff_screen
from cop.templatetags.cop_tags import format_when


def _cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    cohort = Cohort.objects.facilitated_by(request.user).filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    return cohort


def _session(request: HttpRequest, session_id: int) -> Session:
    session = (
        Session.objects.facilitated_by(request.user)
        .select_related("cohort__programme")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    return session


class SeriesForm(forms.Form):
    title = forms.CharField(
        label=_lazy("Title"),
        max_length=200,
        required=False,
        help_text=_lazy('Leave empty for "Session 1", "Session 2" and so on.'),
    )
    first_date = forms.DateField(
        label=_lazy("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=_lazy("Starts (UK time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_lazy("Ends (UK time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    every_weeks = forms.IntegerField(
        label=_lazy("Every how many weeks"), min_value=1, initial=1
    )
    count = forms.IntegerField(
        label=_lazy("How many sessions"),
        min_value=1,
        initial=6,
        help_text=_lazy("At most %(max)d.") % {"max": MAX_SESSIONS},
    )
    skip = forms.CharField(
        label=_lazy("Skip these dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("One per line, like 26/12/2023. Skipped dates do not count."),
    )
    mode = forms.ChoiceField(label=_lazy("Mode"), choices=Session.Mode.choices)
    venue = forms.CharField(
        label=_lazy("Venue"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@staff_screen("cohorts.add_session")
def session_series(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Create a cohort's sessions from a rule (every N weeks, N times, skips)."""
    cohort = _cohort(request, cohort_id)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = SeriesRule(
                first_date=data["first_date"],
                starts=data["starts"],
                ends=data["ends"],
                count=data["count"],
                every_weeks=data["every_weeks"],
                skip=parse_dates(data["skip"]),
            )
            created = create_series(
                cohort=cohort,
                rule=rule,
                title=data["title"],
                mode=data["mode"],
                venue=data["venue"],
                actor=request.user,
            )
        except SeriesError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(n)d sessions created, from %(first)s to %(last)s.")
                % {
                    "n": len(created),
                    "first": format_when(created[0].starts_at),
                    "last": format_when(created[-1].starts_at),
                },
            )
            return redirect("admin:cohorts_cohort_change", cohort.pk)
    return render_screen(
        request,
        "admin/cohorts/session_series.html",
        title=_("Sessions in a series: %(cohort)s") % {"cohort": cohort},
        model=Cohort,
        cohort=cohort,
        form=form,
    )


@staff_screen("cohorts.view_session")
def catering(request: HttpRequest, session_id: int) -> HttpResponse:
    """Who comes in person, joins online or cannot come; dietary and access needs."""
    session = _session(request, session_id)
    intentions = list(
        session.intentions.select_related("user").order_by("how", "user__full_name")
    )
    return render_screen(
        request,
        "admin/cohorts/catering.html",
        title=_("Numbers for %(session)s") % {"session": session},
        model=Session,
        session=session,
        numbers=numbers_for(session),
        intentions=intentions,
        cutoff=session.attendance_cutoff,
        now=timezone.now(),
    )


CATERING_COLUMNS = [
    "Name",
    "Email",
    "Attending",
    "Dietary requirements",
    "Access needs",
]


@staff_screen("cohorts.view_session")
def catering_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    """The venue's list: everyone's plan with dietary and access needs."""
    session = _session(request, session_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"session-{session.number}-numbers.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CATERING_COLUMNS)
    rows = session.intentions.select_related("user").order_by("how", "user__full_name")
    for intention in rows:
        coming = intention.how == AttendanceIntention.How.IN_PERSON
        writer.writerow(
            [
                intention.user.full_name,
                intention.user.email,
                intention.get_how_display(),
                intention.dietary_requirements if coming else "",
                intention.access_needs,
            ]
        )
    numbers = numbers_for(session)
    writer.writerow([])
    writer.writerow(["In person", numbers.in_person])
    writer.writerow(["Online", numbers.online])
    writer.writerow(["Not coming", numbers.not_coming])
    return response


# Included by CohortAdmin.get_urls, so under /admin/cohorts/cohort/.
urlpatterns = [
    path("<int:cohort_id>/series/", session_series, name="cohorts_cohort_series"),
    path(
        "sessions/<int:session_id>/catering/", catering, name="cohorts_session_catering"
    ),
    path(
        "sessions/<int:session_id>/catering.csv",
        catering_csv,
        name="cohorts_session_catering_csv",
    ),
]
