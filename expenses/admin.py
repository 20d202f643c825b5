"""Expense claims in the admin: review, approve or reject, export for payment.

Facilitators see only their own programmes' claims; coordinators see all.
Decisions go through ``expenses.claims`` (locks, emails, audit).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cop.admin import ProgrammeScopedAdmin
from expenses.claims import approved_claims_csv, review_claims
from expenses.errors import ExpenseError
from expenses.models import ExpenseClaim


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(ProgrammeScopedAdmin):
    programme_path = "cohort__programme"

    list_display = [
        "claimant",
        "cohort",
        "description",
        "amount",
        "status",
        "created_at",
        "receipt_link",
    ]
    list_filter = ["status", ("cohort", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["claimant__full_name", "claimant__email", "description"]
    list_select_related = ["claimant", "cohort__programme"]
    actions = ["approve", "reject", "export_approved_csv"]
    fields = [
        "claimant",
        "cohort",
        "description",
        "incurred_on",
        "amount",
        "receipt_link",
        "status",
        "reviewer",
        "reviewed_at",
        "reviewer_note",
    ]
    readonly_fields = [f for f in fields if f != "reviewer_note"]

    def has_add_permission(self, request):
        return False  # claims come from participants

    @admin.display(description=_lazy("Receipt"))
    def receipt_link(self, obj):
        if not obj.receipt:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("expenses:claim_receipt", args=[obj.pk]),
            obj.receipt_name or _("Download"),
        )

    @admin.action(description=_lazy("Approve selected claims"), permissions=["change"])
    def approve(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description=_lazy("Reject selected claims"), permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, approve=False)

    def _review(self, request, queryset, *, approve: bool):
        try:
            done = review_claims(
                claim_ids=list(queryset.values_list("pk", flat=True)),
                approve=approve,
                actor=request.user,
            )
        except ExpenseError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(
            request,
            (
                _("%(n)d claim(s) approved.")
                if approve
                else _("%(n)d claim(s) rejected.")
            )
            % {"n": len(done)},
            messages.SUCCESS,
        )

    @admin.action(description=_lazy("Export approved claims as CSV"))
    def export_approved_csv(self, request, queryset):
        approved = queryset.filter(status=ExpenseClaim.Status.APPROVED).select_related(
            "claimant__organisation", "cohort__programme", "reviewer"
        )
        if not approved.exists():
            self.message_user(
                request, _("None of the selected claims is approved."), messages.ERROR
            )
            return None
        response = HttpResponse(
            approved_claims_csv(approved.order_by("reviewed_at")),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="approved-expenses-{stamp}.csv"'
        )
        return response
