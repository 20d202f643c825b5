"""CPD in the admin: the attendance list, certificates, the policy inline.

Facilitators see only the programmes they facilitate; coordinators see
everything. The register, import, check-in and finishing screens are in
``cpd/staff_views.py`` (included below so their URLs stay under the admin).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cohorts.models import Programme
from cop.admin import add_inline
from cop.refusals import show_refusal
from cop.scoping import facilitated_by
from cpd import staff_views
from cpd.certificates import (
    CertificateError,
    reissue_certificate,
    revoke_certificate,
)
from cpd.forms import ReasonForm
from cpd.models import Attendance, Certificate, CpdPolicy


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
        return facilitated_by(
            super().get_queryset(request),
            request.user,
            programme_path="session__cohort__programme",
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # The register screens live in cpd/staff_views.py.
        return [*staff_views.urlpatterns, *super().get_urls()]


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
        return facilitated_by(
            queryset, request.user, programme_path="cohort__programme"
        )

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
                    show_refusal(request, error, about=certificate.number)
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


# The policy sits first on the programme page (cohorts' ProgrammeAdmin).
add_inline(Programme, CpdPolicyInline, first=True)
