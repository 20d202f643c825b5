"""Facilitators' CPD screens: registers, import, check-in codes, certificates.

Facilitators work only on the programmes they facilitate; coordinators see
everything. The views parse input and call cpd's rule modules.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Session
from cpd.attendance import (
    AttendanceError,
    Mark,
    has_started,
    record_register,
    register_rows,
)
from cpd.attendance_import import ReportError, apply_import, preview
from cpd.certificates import (
    CertificateError,
    finish_cohort,
    reissue_certificate,
    revoke_certificate,
)
from cpd.check_in import CheckInError, open_check_in, window
from cpd.eligibility import assess_cohort, threshold_minutes
from cpd.forms import ImportForm, ReasonForm, RegisterFormSet
from cpd.models import Attendance, Certificate, CpdPolicy

IMPORT_SALT = "cpd.attendance-import"


class CpdPolicyInline(admin.StackedInline):
    """Shown on the programme page (cohorts.admin.ProgrammeAdmin)."""

    model = CpdPolicy
    can_delete = False
    max_num = 1
    verbose_name_plural = _("CPD policy (seed defaults apply until saved)")
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("min_sessions", "attendance_threshold_percent"),
                    ("hours_per_session", "points_per_session"),
                    ("activity_points", "max_points"),
                    ("log_counts_as", "log_points_per_hour", "log_max"),
                    ("accreditation_body", "accreditation_number"),
                    "learning_objectives",
                    ("signatory_name", "signatory_role"),
                ]
            },
        )
    ]


def sessions_for(user):
    return Session.objects.filter(cohort__in=Cohort.objects.facilitated_by(user))


def _get_session(request, session_id: int) -> Session:
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


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    """The audit-friendly list; changes are made on the register screens."""

    list_display = [
        "place",
        "session",
        "status",
        "minutes_present",
        "source",
        "recorded_by",
        "recorded_at",
    ]
    list_filter = ["status", "source", "session__cohort__programme"]
    search_fields = ["place__attendee_name", "place__attendee_email"]
    list_select_related = ["place", "session", "recorded_by"]
    change_list_template = "cpd/admin/attendance_changelist.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(session__cohort__programme__facilitators=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("registers/", wrap(self.index_view), name="cpd_registers"),
            path(
                "registers/session/<int:session_id>/",
                wrap(self.register_view),
                name="cpd_register",
            ),
            path(
                "registers/session/<int:session_id>/import/",
                wrap(self.import_view),
                name="cpd_register_import",
            ),
            path(
                "registers/session/<int:session_id>/check-in/",
                wrap(self.check_in_view),
                name="cpd_check_in",
            ),
            path(
                "registers/cohort/<int:cohort_id>/",
                wrap(self.cohort_view),
                name="cpd_cohort",
            ),
            *super().get_urls(),
        ]

    def _require(self, request, perm: str = "cpd.change_attendance") -> None:
        if not request.user.has_perm(perm):
            raise PermissionDenied

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def index_view(self, request):
        self._require(request, "cpd.view_attendance")
        cohorts = (
            Cohort.objects.facilitated_by(request.user)
            .exclude(status__in=[Cohort.Status.DRAFT, Cohort.Status.CANCELLED])
            .select_related("programme")
            .prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.annotate(
                        recorded=Count("attendances")
                    ).order_by("starts_at"),
                )
            )
            .order_by("-created_at")
        )
        return TemplateResponse(
            request,
            "cpd/admin/registers.html",
            self._context(request, _("Attendance registers"), cohorts=cohorts),
        )

    def register_view(self, request, session_id: int):
        self._require(request, "cpd.view_attendance")
        session = _get_session(request, session_id)
        rows = register_rows(session)
        initial = [
            {
                "place_id": place.pk,
                "status": attendance.status if attendance else "",
                "minutes_present": attendance.minutes_present if attendance else None,
                "activity_completed": bool(
                    attendance and attendance.activity_completed
                ),
            }
            for place, attendance in rows
        ]
        if request.method == "POST":
            self._require(request)
            formset = RegisterFormSet(request.POST, initial=initial)
            if formset.is_valid():
                try:
                    saved = record_register(
                        session=session,
                        marks=_parse_marks(formset),
                        actor=request.user,
                    )
                except AttendanceError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        _("Register saved for %(n)d participants.") % {"n": saved},
                    )
                    return redirect("admin:cpd_register", session.pk)
        else:
            formset = RegisterFormSet(initial=initial)
        policy = CpdPolicy.for_programme(session.cohort.programme)
        lines = [
            (place, attendance, form)
            for (place, attendance), form in zip(rows, formset.forms, strict=True)
        ]
        return TemplateResponse(
            request,
            "cpd/admin/register.html",
            self._context(
                request,
                _("Register: %(session)s") % {"session": session},
                session=session,
                formset=formset,
                lines=lines,
                policy=policy,
                threshold=threshold_minutes(session, policy),
                length=int(session.duration.total_seconds() // 60),
                can_change=request.user.has_perm("cpd.change_attendance"),
                started=has_started(session),
            ),
        )

    def import_view(self, request, session_id: int):
        self._require(request)
        session = _get_session(request, session_id)
        form = ImportForm()
        result = None
        token = ""
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request, session)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    result = preview(session, form.cleaned_data["report"].read())
                except ReportError as error:
                    form.add_error("report", str(error))
                else:
                    token = signing.dumps(
                        {"session": session.pk, "plan": list(result.plan().items())},
                        salt=IMPORT_SALT,
                    )
        policy = CpdPolicy.for_programme(session.cohort.programme)
        return TemplateResponse(
            request,
            "cpd/admin/import.html",
            self._context(
                request,
                _("Import attendance: %(session)s") % {"session": session},
                session=session,
                form=form,
                result=result,
                token=token,
                threshold=threshold_minutes(session, policy),
                started=has_started(session),
            ),
        )

    def _confirm_import(self, request, session):
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
            messages.error(
                request, _("The preview has expired. Upload the file again.")
            )
            return redirect("admin:cpd_register_import", session.pk)
        except ReportError as error:
            messages.error(request, str(error))
            return redirect("admin:cpd_register_import", session.pk)
        messages.success(
            request, _("Imported attendance for %(n)d participants.") % {"n": saved}
        )
        return redirect("admin:cpd_register", session.pk)

    def check_in_view(self, request, session_id: int):
        self._require(request)
        session = _get_session(request, session_id)
        try:
            entry = open_check_in(session=session, actor=request.user)
        except CheckInError as error:
            messages.error(request, str(error))
            return redirect("admin:cpd_register", session.pk)
        import segno

        url = settings.SITE_URL + reverse("cpd:check_in_code", args=[entry.code])
        opens, closes = window(session)
        return TemplateResponse(
            request,
            "cpd/admin/check_in.html",
            self._context(
                request,
                _("Check-in: %(session)s") % {"session": session},
                session=session,
                entry=entry,
                url=url,
                qr_svg=segno.make(url, error="m").svg_inline(
                    scale=8, border=4, light="#fff"
                ),
                opens=opens,
                closes=closes,
            ),
        )

    def cohort_view(self, request, cohort_id: int):
        self._require(request, "cpd.view_attendance")
        cohort = get_object_or_404(
            Cohort.objects.facilitated_by(request.user).select_related("programme"),
            pk=cohort_id,
        )
        if request.method == "POST":
            self._require(request, "cpd.issue_certificate")
            try:
                finish_cohort(cohort=cohort, actor=request.user)
            except CertificateError as error:
                messages.error(request, str(error))
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
        return TemplateResponse(
            request,
            "cpd/admin/cohort.html",
            self._context(
                request,
                _("CPD: %(cohort)s") % {"cohort": cohort},
                cohort=cohort,
                policy=CpdPolicy.for_programme(cohort.programme),
                assessments=assessments,
                eligible=sum(1 for e, _c in assessments if e.is_eligible),
                can_issue=request.user.has_perm("cpd.issue_certificate"),
            ),
        )


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates are read-only: correct by reissuing, withdraw by revoking."""

    list_display = [
        "number",
        "participant_name",
        "programme_name",
        "cohort_name",
        "points",
        "status",
        "issued_at",
        "download",
    ]
    list_filter = ["status", "cohort__programme"]
    search_fields = ["number", "participant_name", "participant_email"]
    date_hierarchy = "issued_at"
    actions = ["revoke", "reissue"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("replaced_by")
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(cohort__programme__facilitators=request.user)

    fields = [
        "number",
        "status",
        "status_changed_at",
        "status_reason",
        "replaced_by",
        "participant_name",
        "participant_email",
        "programme_name",
        "cohort_name",
        "sessions",
        "first_session_on",
        "last_session_on",
        "hours",
        "points",
        "learning_objectives",
        "accreditation_body",
        "accreditation_number",
        "provider_name",
        "signatory_name",
        "signatory_role",
        "issued_at",
        "issued_by",
        "download",
        "verification",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # issued certificates never change; see revoke/reissue

    def has_correct_permission(self, request) -> bool:
        """Revoking and reissuing need the permission to issue certificates."""
        return request.user.has_perm("cpd.issue_certificate")

    @admin.display(description=_("PDF"))
    def download(self, obj: Certificate):
        if not obj.pdf:
            return _("Being prepared")
        return format_html(
            '<a href="{}">{}</a>', reverse("cpd:download", args=[obj.number]), _("PDF")
        )

    @admin.display(description=_("Public verification"))
    def verification(self, obj: Certificate):
        return format_html(
            '<a href="{0}">{0}</a>', reverse("cpd:verify", args=[obj.number])
        )

    def _reason_step(self, request, queryset, action: str, verb, service):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for certificate in queryset:
                try:
                    service(
                        certificate=certificate,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except CertificateError as error:
                    self.message_user(
                        request, f"{certificate.number}: {error}", messages.ERROR
                    )
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    _("%(verb)s %(n)d certificate(s).") % {"verb": verb, "n": done},
                    messages.SUCCESS,
                )
            return None
        return render(
            request,
            "cpd/admin/reason.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("%(verb)s certificates") % {"verb": verb},
                "certificates": queryset,
                "form": form,
                "action": action,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=_("Revoke selected certificates"), permissions=["correct"]
    )
    def revoke(self, request, queryset):
        return self._reason_step(
            request, queryset, "revoke", _("Revoked"), revoke_certificate
        )

    @admin.action(
        description=_("Reissue selected certificates (correction; old one replaced)"),
        permissions=["correct"],
    )
    def reissue(self, request, queryset):
        return self._reason_step(
            request, queryset, "reissue", _("Reissued"), reissue_certificate
        )
