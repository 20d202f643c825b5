"""The facilitator's cockpit: today, cohort overview, email this cohort, reports.

Plain staff screens (``cop.staff_screens``) in the admin's frame, at
``/admin/`` (``cop/urls.py`` includes ``staff.urls`` before the admin's own
URLs, so "Today" is the admin home; the model list moves to
``/admin/models/``). Every screen reads through the user's facilitator scope
and answers 404 for a cohort outside it.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.models import Cohort, Session
from cop.errors import DomainError
from cop.models import User
from cop.refusals import show_refusal
from cop.staff_screens import render_screen, staff_screen
from cpd.models import Attendance
from notifications.models import Notification
from staff import charts, exports, messaging, overview, reports
from staff import today as today_items
from staff.forms import MessageForm, ReportForm
from staff.models import CohortMessage

VIEW_COHORT = "cohorts.view_cohort"
CHANGE_ATTENDANCE = "cpd.change_attendance"
WRITE = "staff.add_cohortmessage"
REPORTS = "staff.view_network_reports"
CELL = re.compile(r"^cell-(\d+)-(\d+)$")


def _user(request: HttpRequest) -> User:
    """The signed-in member of staff (``staff_screen`` let only them in)."""
    return cast(User, request.user)


def _cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.facilitated_by(request.user).select_related("programme"),
        pk=cohort_id,
    )


@staff_screen()
def today(request: HttpRequest) -> HttpResponse:
    """The admin home for staff: what needs doing, and the week ahead."""
    return render_screen(
        request,
        "staff/today.html",
        title=_("Today"),
        **today_items.today(_user(request)),
    )


# --- Cohort overview --------------------------------------------------------------


@staff_screen(VIEW_COHORT)
def cohort_overview(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    sessions = overview.grid_sessions(cohort)
    page, rows = overview.grid(cohort, sessions, request.GET.get("page", 1))
    funnel = overview.funnel(cohort)
    labels = [label for label, _n in funnel]
    values = [n for _label, n in funnel]
    funnel_chart = charts.data_url(
        charts.bar(
            _("Recruitment funnel"),
            labels,
            values,
            desc=charts.describe(labels, values),
        )
    )
    return render_screen(
        request,
        "staff/cohort_overview.html",
        title=_("Overview: %(cohort)s") % {"cohort": cohort},
        cohort=cohort,
        dates=overview.dates(cohort),
        places=overview.places(cohort),
        funnel=funnel,
        funnel_chart=funnel_chart,
        funnel_desc=charts.describe(labels, values),
        money=overview.money(cohort),
        certificates=overview.certificates(cohort),
        feedback=overview.feedback_summary(cohort),
        space_url=overview.space_url(cohort),
        sessions=sessions,
        page=page,
        rows=rows,
        statuses=Attendance.Status.choices,
        can_mark=request.user.has_perm(CHANGE_ATTENDANCE),
        can_write=request.user.has_perm(WRITE),
        messages_sent=cohort.staff_messages.order_by("-created_at")[:5],
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _grid_changes(
    request: HttpRequest, sessions: dict[int, Session]
) -> dict[int, dict[int, str]]:
    """{session id: {place id: status}} from the grid's cells."""
    changes: dict[int, dict[int, str]] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        match = CELL.match(key)
        if match and value:
            session_id, place_id = int(match[1]), int(match[2])
            if session_id not in sessions:
                raise Http404
            changes.setdefault(session_id, {})[place_id] = value
    return changes


def _mark(request: HttpRequest, sessions: dict[int, Session]) -> str:
    if request.POST.get("all_attended"):
        session = sessions.get(_int(request.POST["all_attended"]))
        if session is None:
            raise Http404
        saved = overview.mark_all_attended(session=session, actor=_user(request))
        return _("Marked %(n)d more people attended at session %(number)d.") % {
            "n": saved,
            "number": session.number,
        }
    saved = 0
    for session_id, column in _grid_changes(request, sessions).items():
        saved += overview.mark_cells(
            session=sessions[session_id], changes=column, actor=_user(request)
        )
    return _("Attendance saved: %(n)d changes.") % {"n": saved}


@require_POST
@staff_screen(VIEW_COHORT, CHANGE_ATTENDANCE)
def cohort_attendance(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Mark attendance from the grid: one cell (script), a column, or the form."""
    cohort = _cohort(request, cohort_id)
    sessions = {s.pk: s for s in overview.grid_sessions(cohort)}
    back = reverse("staff:cohort_overview", args=[cohort.pk])
    page = _int(request.POST.get("page") or 1)
    back += f"?page={page}#attendance" if page > 1 else "#attendance"
    try:
        message = _mark(request, sessions)
    except DomainError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": error.message}, status=400)
        show_refusal(request, error)
        return redirect(back)
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": message})
    messages.success(request, message)
    return redirect(back)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


# --- Email this cohort -------------------------------------------------------------


@staff_screen(VIEW_COHORT, WRITE)
def cohort_email(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Write, preview, send. The form's token makes a second press harmless."""
    cohort = _cohort(request, cohort_id)
    preview = None
    count = 0
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if "send" in request.POST:
                    message = messaging.compose(
                        cohort=cohort,
                        audience=data["audience"],
                        subject=data["subject"],
                        body=data["body"],
                        about_place=data["about_place"],
                        token=data["token"],
                        actor=_user(request),
                    )
                    already = message.sent_at is not None
                    made = messaging.send_cohort_message(
                        message=message, actor=_user(request)
                    )
                    message.refresh_from_db()
                    if already and not made:
                        messages.info(request, _("This message was already sent."))
                    else:
                        messages.success(
                            request,
                            _("Message sent to %(n)d people.")
                            % {"n": message.recipients},
                        )
                    return redirect("staff:cohort_message", message.pk)
                preview, count = messaging.preview(
                    cohort=cohort,
                    audience=data["audience"],
                    subject=data["subject"],
                    body=data["body"],
                    about_place=data["about_place"],
                )
            except messaging.CohortMessageError as error:
                show_refusal(form, error)
    else:
        form = MessageForm()
    return render_screen(
        request,
        "staff/cohort_email.html",
        title=_("Email %(cohort)s") % {"cohort": cohort},
        cohort=cohort,
        form=form,
        preview=preview,
        count=count,
    )


@staff_screen(VIEW_COHORT)
def cohort_message(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(
        CohortMessage.objects.filter(
            cohort__in=Cohort.objects.facilitated_by(request.user)
        ).select_related("cohort__programme"),
        pk=message_id,
    )
    statuses = dict(
        messaging.copies(message)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    labels = dict(Notification.Status.choices)
    return render_screen(
        request,
        "staff/cohort_message.html",
        title=_("Message: %(subject)s") % {"subject": message.subject},
        message=message,
        cohort=message.cohort,
        statuses=[(labels[s], n) for s, n in statuses.items()],
        log_url=reverse("admin:notifications_notification_changelist")
        + "?"
        + urlencode({"cohort": str(message.cohort_id), "q": message.subject[:60]}),
    )


# --- Network reports ---------------------------------------------------------------


def _report(request: HttpRequest) -> tuple[ReportForm, list[reports.Table], str]:
    data = request.GET if "start" in request.GET else None
    form = ReportForm(data, user=request.user, initial=ReportForm.default_range())
    if data is None:
        form = ReportForm(
            {k: v.isoformat() for k, v in ReportForm.default_range().items()},
            user=request.user,
        )
    if not form.is_valid():
        return form, [], ""
    period = reports.Period(
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        programme=form.cleaned_data["programme"],
    )
    heading = _("%(programme)s, %(start)s to %(end)s") % {
        "programme": period.programme or _("All programmes"),
        "start": f"{period.start:%-d %B %Y}",
        "end": f"{period.end:%-d %B %Y}",
    }
    return form, reports.network_report(period, _user(request)), heading


def _chart(table: reports.Table) -> str:
    if table.chart == "none" or not table.rows:
        return ""
    labels = [str(row[0]) for row in table.rows]
    values = [row[1] for row in table.rows]
    if len(table.columns) > 3 and table.key == "income":
        labels = [f"{row[0]}: {row[1]}" for row in table.rows]
        values = [row[3] for row in table.rows]
    if table.key == "attendance_cohorts":
        values = [row[3] for row in table.rows]
    desc = charts.describe(labels, values)
    draw = charts.pie if table.chart == "pie" else charts.bar
    return charts.data_url(draw(table.title, labels, values, desc=desc))


@staff_screen(REPORTS)
def network_reports(request: HttpRequest) -> HttpResponse:
    form, tables, heading = _report(request)
    query = request.GET.urlencode()
    return render_screen(
        request,
        "staff/reports.html",
        title=_("Network reports"),
        form=form,
        heading=heading,
        tables=[(table, _chart(table)) for table in tables],
        query=query,
    )


@staff_screen(REPORTS)
def network_report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, tables, heading = _report(request)
    if not tables:
        messages.error(request, _("Choose a valid date range first."))
        return redirect("staff:reports")
    name = f"network-report-{form.cleaned_data['start']}-to-{form.cleaned_data['end']}"
    if fmt == "csv":
        response = HttpResponse(
            exports.to_csv(tables), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        exports.to_xlsx(tables, heading=heading),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def model_index(request: HttpRequest) -> HttpResponse:
    """Django's own admin home: the list of models, one link from Today."""
    return admin.site.admin_view(admin.site.index)(request)
