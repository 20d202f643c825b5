"""The email log for facilitators: per cohort and per person, resend, previews."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from cop.admin import ProgrammeScopedAdmin
from notifications import kinds
from notifications.models import Notification, OptOut, ReminderPolicy
from notifications.previews import email_kinds, sample_context
from notifications.services import render_email, resend

# An email's HTML is shown in a sandboxed frame on the admin's own pages: the
# site-wide policy (frame-ancestors 'none', X-Frame-Options DENY) would blank
# it. These responses may be framed by the site itself, keep scripts off and
# allow the inline styles every HTML email carries (email clients ignore
# stylesheets); the sandbox gives the frame an origin of its own.
EMAIL_FRAME_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "script-src": ["'none'"],
    "frame-ancestors": ["'self'"],
}


def email_frame(view):
    """Serve an email's HTML so that the admin's preview frame can show it."""
    return xframe_options_sameorigin(csp_replace(EMAIL_FRAME_POLICY)(view))


class CohortFilter(admin.SimpleListFilter):
    """Cohorts the viewer can see, newest programme runs first."""

    title = _("cohort")
    parameter_name = "cohort"

    def lookups(self, request, model_admin):
        # The cohort model is reached through the foreign key (a schema link):
        # notifications imports no app above it.
        cohorts_model = Notification._meta.get_field("cohort").related_model
        manager = cohorts_model._default_manager
        cohorts = manager.facilitated_by(request.user).select_related("programme")
        return [(c.pk, str(c)) for c in cohorts]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(cohort_id=self.value())
        return queryset


def kind_label(kind: str) -> str:
    """The label its app registered, else 'bookings_place_confirmed' reads
    'Place confirmed' (the app's prefix dropped)."""
    registered = kinds.label(kind)
    if registered:
        return registered
    words = kind.partition("_")[2] or kind
    words = words.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


class KindFilter(admin.SimpleListFilter):
    title = _("kind of email")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("kind", flat=True)
            .distinct()
        )
        return sorted(((k, kind_label(k)) for k in kinds), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(Notification)
class NotificationAdmin(ProgrammeScopedAdmin):
    programme_path = "cohort__programme"
    # Kept to what fits at 1280px beside the filters; the rest is one click away.
    list_display = [
        "created_at",
        "kind_display",
        "recipient_link",
        "short_subject",
        "cohort",
        "status",
        "attempts",
    ]
    list_filter = ["status", KindFilter, CohortFilter, "optional", "created_at"]
    search_fields = ["recipient_email", "recipient__full_name", "subject"]
    list_select_related = ["cohort__programme", "recipient"]
    date_hierarchy = "created_at"
    actions = ["resend_selected"]
    change_form_template = "notifications/admin/notification_change_form.html"
    change_list_template = "notifications/admin/notification_change_list.html"
    readonly_fields = [
        "kind",
        "variant",
        "recipient_email",
        "recipient",
        "about_key",
        "cohort",
        "optional",
        "subject",
        "body_text",
        "attachment_names",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "enqueued_at",
        "next_attempt_at",
        "sent_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log is the record of what was sent

    def has_change_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_notification")

    @admin.display(description=_("recipient"), ordering="recipient_email")
    def recipient_link(self, obj: Notification):
        url = reverse("admin:notifications_notification_changelist")
        query = urlencode({"recipient_email": obj.recipient_email})
        return format_html(
            '<a href="{}?{}" title="{}">{}</a>',
            url,
            query,
            _("Every email to this person"),
            obj.recipient_email,
        )

    @admin.display(description=_("kind"), ordering="kind")
    def kind_display(self, obj: Notification) -> str:
        return kind_label(obj.kind)

    @admin.display(description=_("subject"), ordering="subject")
    def short_subject(self, obj: Notification) -> str:
        if len(obj.subject) <= 60:
            return obj.subject
        return format_html(
            '<span title="{}">{}</span>',
            obj.subject,
            Truncator(obj.subject).chars(60),
        )

    @admin.display(description=_("attachments"))
    def attachment_names(self, obj: Notification) -> str:
        return ", ".join(name for name, *_rest in obj.attachments) or "-"

    @admin.action(
        description=_("Resend the selected failed or given-up emails"),
        permissions=["resend"],
    )
    def resend_selected(self, request, queryset):
        done = sum(resend(notification=n, actor=request.user) for n in queryset)
        skipped = queryset.count() - done
        self.message_user(
            request,
            _(
                "%(done)d queued again; %(skipped)d left alone (only failed or "
                "given-up emails can be resent)."
            )
            % {"done": done, "skipped": skipped},
            messages.SUCCESS if done else messages.WARNING,
        )

    # --- Extra pages: resend one, rendered body, template previews ----------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/resend/",
                wrap(self.resend_view),
                name="notifications_notification_resend",
            ),
            path(
                "<int:pk>/body/",
                wrap(self.body_view),
                name="notifications_notification_body",
            ),
            path(
                "preview/",
                wrap(self.preview_list_view),
                name="notifications_preview_list",
            ),
            path(
                "preview/<str:kind>/",
                wrap(self.preview_view),
                name="notifications_preview",
            ),
            path(
                "preview/<str:kind>/html/",
                wrap(self.preview_html_view),
                name="notifications_preview_html",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        dead = self.get_queryset(request).dead().count()
        extra_context = {**(extra_context or {}), "dead_count": dead}
        return super().changelist_view(request, extra_context)

    def _visible(self, request, pk: int) -> Notification:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def resend_view(self, request, pk: int):
        if request.method != "POST":
            raise Http404
        notification = self._visible(request, pk)
        if resend(notification=notification, actor=request.user):
            self.message_user(request, _("Queued again."), messages.SUCCESS)
        else:
            self.message_user(
                request,
                _("Only failed or given-up emails can be resent."),
                messages.WARNING,
            )
        return redirect("admin:notifications_notification_change", pk)

    @email_frame
    def body_view(self, request, pk: int):
        notification = self._visible(request, pk)
        return HttpResponse(notification.body_html or "")

    def preview_list_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "notifications/admin/preview_list.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Email templates"),
                "opts": self.model._meta,
                "kinds": email_kinds(),
            },
        )

    def _render_preview(self, request, kind: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if kind not in email_kinds():
            raise Http404
        return render_email(kind, sample_context(kind))

    def preview_view(self, request, kind: str):
        try:
            subject, text, _html = self._render_preview(request, kind)
            error = ""
        except (Http404, PermissionDenied):
            raise
        except Exception as exc:  # show a broken template instead of a 500
            subject, text, error = "", "", f"{type(exc).__name__}: {exc}"
        return TemplateResponse(
            request,
            "notifications/admin/preview.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Preview: %(kind)s") % {"kind": kind},
                "opts": self.model._meta,
                "kind": kind,
                "subject": subject,
                "text": text,
                "error": error,
            },
        )

    @email_frame
    def preview_html_view(self, request, kind: str):
        _subject, _text, html = self._render_preview(request, kind)
        return HttpResponse(html)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(ProgrammeScopedAdmin):
    list_display = [
        "programme",
        "first_reminder_hours",
        "second_reminder_hours",
        "send_session_reminders",
        "application_deadline_hours",
        "send_post_session_notes",
    ]
    list_select_related = ["programme"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]

    def has_module_permission(self, request):
        return request.user.is_coordinator
