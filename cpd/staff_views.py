"""Facilitators' CPD screens: registers, attendance import, check-in, finishing.

Plain views in the admin's look (``cop.staff_screens``); ``cpd/admin.py``
includes ``urlpatterns`` so they stay at ``/admin/cpd/attendance/registers/``
under the names ``admin:cpd_registers`` and so on. Facilitators reach only
the sessions and cohorts of programmes they facilitate (404 otherwise);
coordinators reach all. Each view parses input and calls cpd's services.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Session
from cop.refusals import show_refusal
from cop.staff_screens import render_screen, require, staff_screen
from cpd.attendance import (
    AttendanceError,
    Mark,
    has_started,
    record_register,
    register_rows,
)
from cpd.attendance_import import ReportError, apply_import, preview
from cpd.certificates import CertificateError, finish_cohort
from cpd.check_in import CheckInError, open_check_in, window
from cpd.eligibility import assess_cohort, threshold_minutes
from cpd.forms import ImportForm, RegisterFormSet
from cpd.models import Attendance, Certificate, CpdPolicy

IMPORT_SALT = "cpd.attendance-import"
VIEW = "cpd.view_attendance"
CHANGE = "cpd.change_attendance"
ISSUE = "cpd.issue_certificate"


def sessions_for(user):
    return Session.objects.facilitated_by(user)


def _get_session(request: HttpRequest, session_id: int) -> Session:
    """404 for a session outside the user's programmes: do not confirm it exists."""
    return get_object_or_404(
        sessions_for(request.user).select_related("cohort__programme"), pk=session_id
    )


def _parse_marks(formset) -> list[Mark]:
    marks = []
    for form in formset:
        data = form.cleaned_data
        if not data.get("status"):
            continue
        marks.append(
            Mark(
                place_id=data["place_id"],
                status=data["status"],
                minutes_present=data.get("minutes_present"),
                activity_completed=bool(data.get("activity_completed")),
            )
        )
    return marks


REGISTERS_PER_PAGE = 20
CURRENT = [Cohort.Status.OPEN, Cohort.Status.FULL, Cohort.Status.RUNNING]


@staff_screen(VIEW)
def registers(request: HttpRequest) -> HttpResponse:
    """The cohorts the user facilitates, with their sessions, a page at a time.

    Current cohorts (open, full, running) by default; finished ones with
    ``?show=finished``, newest first. Years of past cohorts would otherwise
    make one page of thousands of sessions.
    """
    finished = request.GET.get("show") == "finished"
    statuses = [Cohort.Status.FINISHED] if finished else CURRENT
    cohorts = (
        Cohort.objects.facilitated_by(request.user)
        .filter(status__in=statuses)
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.annotate(
                    recorded=Count("attendances")
                ).order_by("starts_at"),
            )
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(cohorts, REGISTERS_PER_PAGE).get_page(request.GET.get("page"))
    return render_screen(
        request,
        "cpd/admin/registers.html",
        title=_("Attendance registers"),
        model=Attendance,
        cohorts=page.object_list,
        page=page,
        finished=finished,
    )


@staff_screen(VIEW)
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    """One session's register: read it, or mark it (with the change permission)."""
    session = _get_session(request, session_id)
    rows = register_rows(session)
    initial = [
        {
            "place_id": place.pk,
            "status": attendance.status if attendance else "",
            "minutes_present": attendance.minutes_present if attendance else None,
            "activity_completed": bool(attendance and attendance.activity_completed),
        }
        for place, attendance in rows
    ]
    if request.method == "POST":
        require(request, CHANGE)
        formset = RegisterFormSet(request.POST, initial=initial)
        if formset.is_valid():
            try:
                saved = record_register(
                    session=session, marks=_parse_marks(formset), actor=request.user
                )
            except AttendanceError as error:
                show_refusal(request, error)
            else:
                messages.success(
                    request, _("Register saved for %(n)d participants.") % {"n": saved}
                )
                return redirect("admin:cpd_register", session.pk)
    else:
        formset = RegisterFormSet(initial=initial)
    policy = CpdPolicy.for_programme(session.cohort.programme)
    lines = [
        (place, attendance, form)
        for (place, attendance), form in zip(rows, formset.forms, strict=True)
    ]
    return render_screen(
        request,
        "cpd/admin/register.html",
        title=_("Register: %(session)s") % {"session": session},
        model=Attendance,
        session=session,
        formset=formset,
        lines=lines,
        policy=policy,
        threshold=threshold_minutes(session, policy),
        length=int(session.duration.total_seconds() // 60),
        can_change=request.user.has_perm(CHANGE),
        started=has_started(session),
    )


@staff_screen(CHANGE)
def import_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    """Upload a meeting report, preview the minutes, then confirm to record them."""
    session = _get_session(request, session_id)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, session)
    form = ImportForm()
    result = None
    token = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = preview(session, form.cleaned_data["report"].read())
            except ReportError as error:
                show_refusal(form, error, field="report")
            else:
                token = signing.dumps(
                    {"session": session.pk, "plan": list(result.plan().items())},
                    salt=IMPORT_SALT,
                )
    policy = CpdPolicy.for_programme(session.cohort.programme)
    return render_screen(
        request,
        "cpd/admin/import.html",
        title=_("Import attendance: %(session)s") % {"session": session},
        model=Attendance,
        session=session,
        form=form,
        result=result,
        token=token,
        threshold=threshold_minutes(session, policy),
        started=has_started(session),
    )


def _confirm_import(request: HttpRequest, session: Session) -> HttpResponse:
    try:
        data = signing.loads(
            request.POST.get("token", ""), salt=IMPORT_SALT, max_age=3600
        )
        if data["session"] != session.pk:
            raise signing.BadSignature
        plan = {int(place): int(minutes) for place, minutes in data["plan"]}
        saved = apply_import(
            session=session,
            plan=plan,
            actor=request.user,
            mark_missing_absent=bool(request.POST.get("mark_missing_absent")),
        )
    except signing.BadSignature:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("admin:cpd_register_import", session.pk)
    except ReportError as error:
        show_refusal(request, error)
        return redirect("admin:cpd_register_import", session.pk)
    messages.success(
        request, _("Imported attendance for %(n)d participants.") % {"n": saved}
    )
    return redirect("admin:cpd_register", session.pk)


@staff_screen(CHANGE)
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    """Open (or show) the session's check-in code, with a QR code to project."""
    session = _get_session(request, session_id)
    try:
        entry = open_check_in(session=session, actor=request.user)
    except CheckInError as error:
        show_refusal(request, error)
        return redirect("admin:cpd_register", session.pk)
    url = settings.SITE_URL + reverse("cpd:check_in_code", args=[entry.code])
    opens, closes = window(session)
    return render_screen(
        request,
        "cpd/admin/check_in.html",
        title=_("Check-in: %(session)s") % {"session": session},
        model=Attendance,
        session=session,
        entry=entry,
        url=url,
        qr_svg=segno.make(url, error="m").svg_inline(scale=8, border=4, light="#fff"),
        opens=opens,
        closes=closes,
    )


@staff_screen(VIEW)
def cohort_cpd(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Who is eligible in a cohort; finishing it issues their certificates."""
    cohort = get_object_or_404(
        Cohort.objects.facilitated_by(request.user).select_related("programme"),
        pk=cohort_id,
    )
    if request.method == "POST":
        require(request, ISSUE)
        try:
            finish_cohort(cohort=cohort, actor=request.user)
        except CertificateError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _(
                    "The cohort is finished. Certificates are being issued to "
                    "every eligible participant and emailed to them."
                ),
            )
        return redirect("admin:cpd_cohort", cohort.pk)
    certificates = {
        c.place_id: c for c in Certificate.objects.filter(cohort=cohort).valid()
    }
    assessments = [(e, certificates.get(e.place.pk)) for e in assess_cohort(cohort)]
    return render_screen(
        request,
        "cpd/admin/cohort.html",
        title=_("CPD: %(cohort)s") % {"cohort": cohort},
        model=Attendance,
        cohort=cohort,
        policy=CpdPolicy.for_programme(cohort.programme),
        assessments=assessments,
        eligible=sum(1 for e, _c in assessments if e.is_eligible),
        can_issue=request.user.has_perm(ISSUE),
    )


# Included by AttendanceAdmin.get_urls, so under /admin/cpd/attendance/.
urlpatterns = [
    path("registers/", registers, name="cpd_registers"),
    path("registers/session/<int:session_id>/", register, name="cpd_register"),
    path(
        "registers/session/<int:session_id>/import/",
        import_attendance,
        name="cpd_register_import",
    ),
    path("registers/session/<int:session_id>/check-in/", check_in, name="cpd_check_in"),
    path("registers/cohort/<int:cohort_id>/", cohort_cpd, name="cpd_cohort"),
]
