"""Staff views of orders, places, payments, invoices and the waiting list.

Thin: filters and lists here, every change through a service. Facilitators
see only their programmes' rows; coordinators see everything.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from bookings import invoicing, services, staff_views, waiting_list
from bookings.errors import BookingError
from bookings.exports import participants_csv
from bookings.models import (
    CreditNote,
    Enquiry,
    Invoice,
    Order,
    Payment,
    Place,
    PriceOption,
    Refund,
    StripeEvent,
    WaitingListEntry,
    WaitingListOffer,
)
from bookings.place_questions import answers_by_place, booking_questions
from cohorts import questions
from cohorts.models import Cohort
from cop.admin import ProgrammeScopedAdmin, add_inline
from cop.refusals import show_refusal


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlaceInline(ReadOnlyInline):
    model = Place
    fields = ["attendee_name", "attendee_email", "status", "is_free_place", "total"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["method", "status", "amount", "amount_refunded", "stripe_session_id"]
    readonly_fields = fields


def breakdown_html(order: Order) -> str:
    names = [p.attendee_name for p in order.places.order_by("pk")]
    breakdown = order.breakdown
    return render_to_string(
        "bookings/_breakdown.html",
        {
            "breakdown": breakdown,
            "lines": list(zip(names, breakdown.places, strict=False)),
        },
    )


class CurrentCohortFilter(admin.SimpleListFilter):
    """Filter by cohort, offering only cohorts still taking or running places.

    Years of finished cohorts would make the side bar a list of hundreds
    (and a scan of every order to find them); a finished cohort's orders
    are one search or one link from its own page away, and a cohort chosen
    by URL stays shown while selected.
    """

    title = _("cohort")
    parameter_name = "cohort__id__exact"
    CURRENT = [Cohort.Status.OPEN, Cohort.Status.FULL, Cohort.Status.RUNNING]

    def lookups(self, request, model_admin):
        current = Q(status__in=self.CURRENT)
        value = self.value() or ""
        if value.isdigit():
            current |= Q(pk=int(value))
        cohorts = Cohort.objects.facilitated_by(request.user).filter(current)
        return [(str(cohort.pk), str(cohort)) for cohort in cohorts]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not value.isdigit():
            return queryset
        return queryset.filter(cohort_id=int(value))


@admin.register(Order)
class OrderAdmin(ProgrammeScopedAdmin):
    programme_path = "cohort__programme"
    list_display = [
        "reference",
        "cohort",
        "booker",
        "organisation",
        "status",
        "payment_method",
        "total",
        "needs_attention",
        "created_at",
    ]
    list_filter = [
        "status",
        "payment_method",
        "needs_attention",
        CurrentCohortFilter,
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    # Searched by get_search_results below (no join, no DISTINCT).
    search_fields = ["reference", "booker__email", "places__attendee_email"]
    search_help_text = _("Order reference, booker's email or an attendee's email.")
    list_select_related = ["cohort__programme", "booker", "organisation"]
    # 25 rows: rendering a row costs far more than reading it, and the page
    # should take about as long with 5 orders as with 5,000.
    list_per_page = 25
    # "12 results (5,004 total)" costs a second COUNT of every order.
    show_full_result_count = False
    readonly_fields = [
        "reference",
        "cohort",
        "booker",
        "organisation",
        "status",
        "payment_method",
        "total",
        "price",
        "hold_expires_at",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "waiting_list_offer",
    ]
    fields = [
        *readonly_fields,
        "purchase_order_number",
        "billing_contact",
        "billing_email",
        "billing_address",
        "needs_attention",
        "attention_note",
    ]
    inlines = [PlaceInline, PaymentInline]
    actions = ["cancel_orders"]

    def has_add_permission(self, request):
        return False  # orders are made through the booking service

    def get_search_results(self, request, queryset, search_term):
        """Each word must match the reference, the booker or an attendee.

        Attendees are matched with EXISTS rather than a join, so an order
        with many places is found once and the list needs no DISTINCT.
        """
        for word in search_term.split():
            attendees = Place.objects.filter(
                order=OuterRef("pk"), attendee_email__icontains=word
            )
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(booker__email__icontains=word)
                | Exists(attendees)
            )
        return queryset, False

    @admin.display(description=_("Price breakdown"))
    def price(self, obj):
        return breakdown_html(obj)

    @admin.action(
        description=_("Cancel selected orders (refund or credit)"),
        permissions=["change"],
    )
    def cancel_orders(self, request, queryset):
        done = 0
        for order in queryset:
            try:
                services.cancel_places(
                    order_id=order.pk, actor=request.user, by_staff=True
                )
                done += 1
            except BookingError as error:
                show_refusal(request, error, about=order)
        if done:
            self.message_user(request, _("Cancelled %d orders.") % done)


@admin.register(Place)
class PlaceAdmin(ProgrammeScopedAdmin):
    programme_path = "cohort__programme"
    list_display = [
        "attendee_name",
        "attendee_email",
        "cohort",
        "status",
        "is_free_place",
        "total",
        "organisation",
        "order",
    ]
    list_filter = [
        "status",
        "is_free_place",
        ("cohort", admin.RelatedOnlyFieldListFilter),
        ("order__organisation", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["attendee_name", "attendee_email", "order__reference"]
    list_select_related = ["cohort__programme", "order__organisation"]
    readonly_fields = [
        "order",
        "cohort",
        "attendee",
        "price_option",
        "status",
        "is_free_place",
        "list_price",
        "discount",
        "total",
        "created_at",
        "cancelled_at",
        "question_answers",
    ]
    fields = [
        *readonly_fields,
        "attendee_name",
        "attendee_email",
        "access_needs",
        "dietary_requirements",
    ]
    actions = ["export_participants"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Answers to your own questions"))
    def question_answers(self, obj):
        stored = answers_by_place([obj])[obj.pk]
        rows = [
            (q.text, questions.display(q, stored.get(q.pk)) or "-")
            for q in booking_questions(obj.cohort)
        ]
        if not rows:
            return "-"
        return format_html_join("", "<p><strong>{}</strong><br>{}</p>", rows)

    @admin.display(description=_("Organisation"))
    def organisation(self, obj):
        return obj.order.organisation

    @admin.action(description=_("Export participants (CSV)"))
    def export_participants(self, request, queryset):
        return participants_csv(queryset, "participants.csv")

    def get_urls(self):
        # The participants CSV and free-places report are in staff_views.py.
        return [*staff_views.place_urlpatterns, *super().get_urls()]


@admin.register(Payment)
class PaymentAdmin(ProgrammeScopedAdmin):
    programme_path = "order__cohort__programme"
    list_display = ["order", "method", "status", "amount", "amount_refunded", "paid_at"]
    list_filter = ["status", "method"]
    search_fields = ["order__reference", "stripe_session_id", "stripe_payment_intent"]
    list_select_related = ["order"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(ProgrammeScopedAdmin):
    programme_path = "payment__order__cohort__programme"
    list_display = ["payment", "amount", "status", "reason", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["payment", "amount", "reason", "status", "stripe_refund_id"]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send again to Stripe"), permissions=["change"])
    def retry(self, request, queryset):
        from bookings.tasks import send_refund_task

        for refund in queryset.filter(status__in=["pending", "failed"]):
            send_refund_task.delay(refund.pk)
        self.message_user(request, _("Refunds sent to Stripe again."))


class CreditNoteInline(ReadOnlyInline):
    model = CreditNote
    fields = ["display_number", "amount", "reason", "issued_at"]
    readonly_fields = fields


@admin.register(Invoice)
class InvoiceAdmin(ProgrammeScopedAdmin):
    programme_path = "order__cohort__programme"
    list_display = [
        "display_number",
        "order",
        "billing_name",
        "amount",
        "status",
        "due_on",
        "paid_at",
        "pdf",
    ]
    list_filter = ["status"]
    search_fields = [
        "number",
        "order__reference",
        "billing_name",
        "purchase_order_number",
    ]
    list_select_related = ["order"]
    readonly_fields = [
        "order",
        "number",
        "amount",
        "issued_at",
        "due_on",
        "status",
        "paid_at",
        "marked_paid_by",
        "billing_name",
        "billing_contact",
        "billing_email",
        "billing_address",
        "purchase_order_number",
    ]
    inlines = [CreditNoteInline]
    actions = ["mark_paid"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        url = reverse("admin:bookings_invoice_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_urls(self):
        # The PDF download is in staff_views.py.
        return [*staff_views.invoice_urlpatterns, *super().get_urls()]

    @admin.action(
        description=_("Mark selected invoices as paid"), permissions=["change"]
    )
    def mark_paid(self, request, queryset):
        for invoice in queryset:
            try:
                invoicing.mark_invoice_paid(invoice_id=invoice.pk, actor=request.user)
            except BookingError as error:
                show_refusal(request, error, about=invoice)
        self.message_user(request, _("Invoices marked as paid."))


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "received_at"]
    list_filter = ["type"]
    search_fields = ["event_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OfferInline(ReadOnlyInline):
    model = WaitingListOffer
    fields = ["cohort", "places", "status", "created_at", "expires_at"]
    readonly_fields = fields


class CohortOrAnyFilter(admin.SimpleListFilter):
    title = _("waiting for")
    parameter_name = "waiting_for"

    def lookups(self, request, model_admin):
        cohorts = Cohort.objects.facilitated_by(request.user).filter(
            waiting_list__isnull=False
        )
        return [("any", _("Any future cohort"))] + [
            (str(c.pk), str(c)) for c in cohorts.distinct().select_related("programme")
        ]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(cohort__isnull=True)
        if self.value():
            return queryset.filter(cohort_id=self.value())
        return queryset


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(ProgrammeScopedAdmin):
    list_display = [
        "name",
        "email",
        "programme",
        "target",
        "places_wanted",
        "position",
        "status",
        "created_at",
    ]
    list_editable = ["position"]
    list_filter = ["status", "programme", CohortOrAnyFilter]
    search_fields = ["name", "email"]
    list_select_related = ["programme", "cohort__programme"]
    inlines = [OfferInline]
    actions = ["move_to_top", "offer_now", "remove"]
    change_list_template = "bookings/admin_waiting_list.html"

    @admin.display(description=_("Cohort"))
    def target(self, obj):
        return obj.cohort or _("Any future cohort")

    def changelist_view(self, request, extra_context=None):
        counts = (
            self.get_queryset(request)
            .filter(status=WaitingListEntry.Status.WAITING)
            .values("programme__name", "cohort__name")
            .annotate(entries=Count("pk"), places=Sum("places_wanted"))
            .order_by("programme__name", "cohort__name")
        )
        return super().changelist_view(
            request, {**(extra_context or {}), "waiting_counts": counts}
        )

    @admin.action(description=_("Move to the top of the list"), permissions=["change"])
    def move_to_top(self, request, queryset):
        for entry in queryset.order_by("-position"):
            waiting_list.move_to_top(entry=entry, actor=request.user)
        self.message_user(request, _("Moved to the top."))

    @admin.action(description=_("Offer a place now (promote)"), permissions=["change"])
    def offer_now(self, request, queryset):
        for entry in queryset:
            cohort = entry.cohort or waiting_list.next_open_cohort(entry)
            if cohort is None:
                self.message_user(
                    request, f"{entry}: {_('no open cohort')}", messages.ERROR
                )
                continue
            try:
                waiting_list.promote(entry=entry, cohort=cohort, actor=request.user)
            except BookingError as error:
                show_refusal(request, error, about=entry)
            else:
                self.message_user(request, _("Offer sent to %s.") % entry.email)

    @admin.action(description=_("Remove from the list"), permissions=["change"])
    def remove(self, request, queryset):
        removed = sum(
            waiting_list.remove_from_waiting_list(entry=entry, actor=request.user)
            for entry in queryset
        )
        skipped = len(queryset) - removed
        self.message_user(request, _("Removed %(n)d from the list.") % {"n": removed})
        if skipped:
            self.message_user(
                request,
                _(
                    "%(n)d were no longer waiting (left, booked or expired) "
                    "and were left as they were."
                )
                % {"n": skipped},
                messages.WARNING,
            )


class PriceOptionInline(admin.TabularInline):
    """Prices on the cohort page (added to cohorts' CohortAdmin)."""

    model = PriceOption
    extra = 0
    fields = ["name", "price", "sessions_included", "is_active", "position"]


add_inline(Cohort, PriceOptionInline)


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    """Enquiries from the contact form; staff also get each one by email."""

    list_display = (
        "created_at",
        "topic",
        "name",
        "email",
        "organisation",
        "is_answered",
    )
    list_filter = ("topic", "is_answered")
    search_fields = ("name", "email", "organisation", "message")
    readonly_fields = (
        "topic",
        "name",
        "email",
        "organisation",
        "message",
        "user",
        "created_at",
    )
    fields = (*readonly_fields, "is_answered")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False
