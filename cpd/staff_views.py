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
from django.utils.translation import ngettext

from cohorts.models import Cohort, Session
from community.selectors import guests_for_session
from cop.refusals import show_refusal
from cop.staff_screens import render_screen, require, staff_screen
from cpd.attendance import (
    Mark,
    has_started,
    record_register,
    register_rows,
)
from cpd.attendance_import import ReportError, apply_import, preview
from cpd.certificates import (
    CertificateError,
    finish_cohort,
    out_of_date,
    reissue_certificate,
)
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


def _mark(form) -> Mark | None:
    """The line a valid form asks for, or None when it leaves the row unmarked."""
    data = form.cleaned_data
    if not data.get("status"):
        return None
    return Mark(
        place_id=data["place_id"],
        status=data["status"],
        minutes_present=data.get("minutes_present"),
        activity_completed=bool(data.get("activity_completed")),
    )


def _posted_place(form) -> int:
    """The place a posted line is about (0 if unreadable)."""
    value = str(form["place_id"].value() or "")
    return int(value) if value.isdigit() else 0


def _posted_places(formset) -> list[int]:
    if not formset.management_form.is_valid():
        return [0]
    return [_posted_place(form) for form in formset.forms]


def _save_register(request: HttpRequest, session: Session, formset) -> int:
    """Save every valid line; put each refusal beside its line. Returns how
    many lines need attention (invalid or refused)."""
    formset.is_valid()  # cleans every line; one bad line no longer stops the rest
    forms_by_place = {
        form.cleaned_data["place_id"]: form for form in formset.forms if form.is_valid()
    }
    marks = [mark for form in forms_by_place.values() if (mark := _mark(form))]
    result = record_register(session=session, marks=marks, actor=request.user)
    for place_id, error in result.refused.items():
        show_refusal(forms_by_place[place_id], error, field="status")
    waiting = sum(1 for form in formset.forms if form.errors)
    if result.saved:
        messages.success(
            request,
            ngettext(
                "Register saved for %(n)d participant.",
                "Register saved for %(n)d participants.",
                result.saved,
            )
            % {"n": result.saved},
        )
    if waiting:
        messages.error(
            request,
            ngettext(
                "%(n)d line was not saved: see the reason beside it.",
                "%(n)d lines were not saved: see the reason beside each.",
                waiting,
            )
            % {"n": waiting},
        )
    return waiting


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
        expected = sorted(place.pk for place, _attendance in rows)
        if sorted(_posted_places(formset)) != expected:
            messages.error(
                request,
                _(
                    "The register changed while you were editing it (someone "
                    "booked or cancelled). Nothing was saved: mark it again."
                ),
            )
            return redirect("admin:cpd_register", session.pk)
        if not _save_register(request, session, formset):
            return redirect("admin:cpd_register", session.pk)
        rows = register_rows(session)  # what was saved, beside what was refused
    else:
        formset = RegisterFormSet(initial=initial)
    policy = CpdPolicy.for_programme(session.cohort.programme)
    form_for = {_posted_place(form): form for form in formset.forms}
    lines = [(place, attendance, form_for[place.pk]) for place, attendance in rows]
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
        # Guests contribute to the session; they hold no place and earn no CPD.
        guests=guests_for_session(session),
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
    assessments = []
    for eligibility in assess_cohort(cohort):
        certificate = certificates.get(eligibility.place.pk)
        stale = out_of_date(certificate, eligibility) if certificate else ""
        assessments.append((eligibility, certificate, stale))
    return render_screen(
        request,
        "cpd/admin/cohort.html",
        title=_("CPD: %(cohort)s") % {"cohort": cohort},
        model=Attendance,
        cohort=cohort,
        policy=CpdPolicy.for_programme(cohort.programme),
        assessments=assessments,
        eligible=sum(1 for e, _c, _s in assessments if e.is_eligible),
        out_of_date=sum(1 for _e, _c, stale in assessments if stale),
        can_issue=request.user.has_perm(ISSUE),
    )


@staff_screen(ISSUE)
def reissue_out_of_date(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Reissue one certificate of the cohort that attendance has outdated."""
    cohort = get_object_or_404(
        Cohort.objects.facilitated_by(request.user), pk=cohort_id
    )
    if request.method != "POST":
        return redirect("admin:cpd_cohort", cohort.pk)
    certificate = get_object_or_404(
        Certificate.objects.filter(cohort=cohort).valid(),
        pk=request.POST.get("certificate") or 0,
    )
    try:
        new = reissue_certificate(
            certificate=certificate,
            actor=request.user,
            reason=_("Attendance changed after the certificate was issued."),
        )
    except CertificateError as error:
        show_refusal(request, error, about=certificate.number)
    else:
        messages.success(
            request,
            _(
                "Certificate %(old)s is replaced by %(new)s, which is being "
                "prepared and emailed to %(name)s."
            )
            % {
                "old": certificate.number,
                "new": new.number,
                "name": new.participant_name,
            },
        )
    return redirect("admin:cpd_cohort", cohort.pk)


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
    path(
        "registers/cohort/<int:cohort_id>/reissue/",
        reissue_out_of_date,
        name="cpd_cohort_reissue",
    ),
]
