"""Booking pages. Thin: parse the form, call a service, render or redirect."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import invoicing, payments, services, waiting_list
from bookings.capacity import CohortFull
from bookings.errors import BookingError
from bookings.forms import BookingForm, WaitingListForm, colleague_formset
from bookings.models import Order, Place, WaitingListEntry, WaitingListOffer
from bookings.place_questions import question_answers
from cohorts.availability import cohort_state
from cohorts.calendar import build_calendar
from cohorts.models import Cohort, Session
from cohorts.selectors import hidden_from
from cop.refusals import show_refusal


def _cohort(request, cohort_id: int) -> Cohort:
    """The cohort if this person may book it: never drafts or others' private ones."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if hidden_from(request.user, cohort):
        raise Http404
    return cohort


def _rows(value, default: int = 0) -> int:
    """Colleague rows wanted, from the query string or the formset's count."""
    try:
        return max(0, min(int(value), 20))
    except (TypeError, ValueError):
        return default


def _attendees(form, formset):
    people = [form.self_attendee()] + [f.attendee() for f in formset.forms]
    return [p for p in people if p is not None]


@login_required
def book(request, cohort_id: int):
    """Choose package, sessions and people; review the price; confirm."""
    cohort = _cohort(request, cohort_id)
    offer_token = request.GET.get("offer") or request.POST.get("offer", "")
    state = cohort_state(cohort)
    if state.code == "full" and not offer_token:
        message = _("Sorry, this cohort is fully booked.")
        return render(
            request, "bookings/full.html", {"cohort": cohort, "message": message}
        )
    if not state.can_book and not offer_token:
        messages.error(request, _("This cohort cannot be booked: %s.") % state.label)
        return redirect(cohort.get_absolute_url())
    data, still_editing = _booking_data(request)
    form = BookingForm(
        data, cohort=cohort, user=request.user, initial={"offer": offer_token}
    )
    rows = (
        _rows(data.get("colleague-TOTAL_FORMS"))
        if data
        else _rows(request.GET.get("rows", 0))
    )
    formset = colleague_formset(data, rows=rows)
    context = {
        "cohort": cohort,
        "form": form,
        "formset": formset,
        "state": state,
        "rows": rows,
        "adding": still_editing,
    }
    if still_editing:
        _without_errors(form, formset)
        return render(request, "bookings/book.html", context)
    if data is None or not (form.is_valid() and formset.is_valid()):
        return render(request, "bookings/book.html", context)
    arguments = {
        "cohort_id": cohort.pk,
        "booker": request.user,
        "option_id": form.option_id,
        "attendees": _attendees(form, formset),
        "session_ids": [s.pk for s in form.cleaned_data.get("sessions") or []],
        "organisation_id": getattr(form.cleaned_data.get("organisation"), "pk", None),
        "offer_token": form.cleaned_data.get("offer", ""),
    }
    try:
        if request.POST.get("step") != "confirm":
            breakdown = services.preview_booking(**arguments)
            if not form.check_payment(breakdown):
                return render(request, "bookings/book.html", context)
            return render(
                request,
                "bookings/review.html",
                {
                    **context,
                    "breakdown": breakdown,
                    "people": arguments["attendees"],
                    "dates": list(form.cleaned_data.get("sessions") or [])
                    or list(
                        cohort.sessions.filter(is_cancelled=False).order_by("starts_at")
                    ),
                    "lines": [
                        (person.name, price)
                        for person, price in zip(
                            arguments["attendees"], breakdown.places, strict=True
                        )
                    ],
                },
            )
        order = services.book_places(
            payment_method=form.cleaned_data.get("payment_method") or "",
            expected_total=_expected_total(request),
            billing=form.billing(),
            question_answers=question_answers(form),
            **arguments,
        )
    except CohortFull as error:
        # Sold out while they were booking: say so plainly, offer the list.
        return render(
            request, "bookings/full.html", {"cohort": cohort, "message": error.message}
        )
    except BookingError as error:
        show_refusal(form, error)
        return render(request, "bookings/book.html", context)
    if order.status == Order.Status.PENDING:
        return _go_to_checkout(request, order)
    return redirect("bookings:confirmation", reference=order.reference)


def _booking_data(request):
    """The posted answers (None for a GET), and whether the person is still
    editing: adding a colleague without JavaScript (one more empty row) or
    going back from the review to change their answers."""
    if request.method != "POST":
        return None, False
    data = request.POST
    if data.get("add_colleague"):
        data = data.copy()
        data["colleague-TOTAL_FORMS"] = str(
            min(_rows(data.get("colleague-TOTAL_FORMS")) + 1, 20)
        )
        return data, True
    return data, data.get("step") == "edit"


def _without_errors(form, formset) -> None:
    """Keep the answers but show no errors yet (the person is adding a row)."""
    form.full_clean()
    form._errors.clear()
    formset.full_clean()
    for row in formset.forms:
        row._errors.clear()
    formset._non_form_errors = formset.error_class()


def _expected_total(request) -> Decimal:
    never = Decimal("-1")  # never matches: the booker is shown the price again
    try:
        total = Decimal(request.POST.get("expected_total", ""))
    except InvalidOperation:
        return never
    return total if total.is_finite() else never


def _go_to_checkout(request, order: Order):
    success = request.build_absolute_uri(
        reverse("bookings:confirmation", args=[order.reference])
    )
    cancel = request.build_absolute_uri(order.get_absolute_url())
    try:
        payment = payments.start_card_payment(
            order_id=order.pk, success_url=success, cancel_url=cancel
        )
    except BookingError as error:
        show_refusal(request, error)
        return redirect(order)
    return redirect(payment.checkout_url)


def _own_order(request, reference: str) -> Order:
    """The booker's order; 404 for anyone else, so references cannot be probed."""
    order = get_object_or_404(
        Order.objects.select_related("cohort__programme", "organisation", "booker"),
        reference=reference,
    )
    if order.booker_id != request.user.pk:
        raise Http404
    return order


def _order_context(order: Order) -> dict:
    # The cohort's sessions are read once, for the page, for every place's
    # dates (a place without chosen sessions covers them all) and for the
    # cancellation deadline (the first session).
    cohort = order.cohort
    prefetch_related_objects(
        [cohort], Prefetch("sessions", queryset=Session.objects.order_by("starts_at"))
    )
    all_sessions = list(cohort.sessions.all())
    cohort.__dict__["first_session"] = all_sessions[0] if all_sessions else None
    places = list(order.places.order_by("pk").prefetch_related("sessions"))
    for place in places:
        if place.cohort_id == cohort.pk:
            place.cohort = cohort  # the same row: do not read it again
        place.dates = place.covered_sessions(include_cancelled=True)
    breakdown = order.breakdown
    return {
        "order": order,
        "cohort": order.cohort,
        "places": places,
        "breakdown": breakdown,
        "lines": [
            (place.attendee_name, price)
            for place, price in zip(places, breakdown.places, strict=False)
        ],
        "invoice": getattr(order, "invoice", None)
        if hasattr(order, "invoice")
        else None,
        "can_cancel": services.can_cancel(order),
        "cancellation_deadline": services.cancellation_deadline(order.cohort),
        "can_pay": order.status == Order.Status.PENDING
        and order.payment_method == Order.PaymentMethod.CARD
        and order.hold_expires_at
        and order.hold_expires_at > timezone.now(),
        "sessions": all_sessions,
        "same_dates": len({tuple(s.pk for s in p.dates) for p in places}) <= 1,
    }


@login_required
def confirmation(request, reference: str):
    order = _own_order(request, reference)
    return render(
        request,
        "bookings/order_detail.html",
        {**_order_context(order), "just_booked": True},
    )


@login_required
def order_detail(request, reference: str):
    order = _own_order(request, reference)
    return render(request, "bookings/order_detail.html", _order_context(order))


@login_required
@require_POST
def pay(request, reference: str):
    order = _own_order(request, reference)
    return _go_to_checkout(request, order)


@login_required
def cancel(request, reference: str):
    order = _own_order(request, reference)
    if request.method == "POST":
        ids = request.POST.getlist("places")
        try:
            services.cancel_places(
                order_id=order.pk,
                place_ids=[int(i) for i in ids if i.isdigit()],
                actor=request.user,
            )
        except BookingError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Cancelled. We have emailed you the details."))
            return redirect(order)
    context = _order_context(order)
    context["live_places"] = [
        p for p in context["places"] if p.status == Place.Status.CONFIRMED
    ]
    return render(request, "bookings/cancel.html", context)


@login_required
def place_calendar(request, place_id: int):
    """One place's own sessions as .ics: for its attendee or booker only."""
    sessions_with_programme = Session.objects.select_related("cohort__programme")
    place = get_object_or_404(
        Place.objects.live()
        .select_related("order", "cohort__programme")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions_with_programme),
            Prefetch("cohort__sessions", queryset=sessions_with_programme),
        ),
        pk=place_id,
    )
    if request.user.pk not in {place.attendee_id, place.order.booker_id}:
        raise Http404
    body = build_calendar(
        place.covered_sessions(include_cancelled=True),
        include_private=place.status == Place.Status.CONFIRMED,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sessions-{place.order.reference}-{place.pk}.ics"'
    )
    return response


@login_required
def invoice_download(request, reference: str):
    order = _own_order(request, reference)
    invoice = getattr(order, "invoice", None) if hasattr(order, "invoice") else None
    if invoice is None:
        raise Http404
    response = HttpResponse(
        invoicing.invoice_pdf(invoice), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{invoice.display_number}.pdf"'
    )
    return response


def join_waiting_list(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    user = request.user if request.user.is_authenticated else None
    initial = (
        {"name": user.full_name, "email": user.email, "organisation": user.organisation}
        if user
        else {}
    )
    form = WaitingListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = waiting_list.join_waiting_list(
                programme=cohort.programme,
                cohort=cohort if data["scope"] == "cohort" else None,
                name=data["name"],
                email=data["email"],
                places_wanted=data["places_wanted"],
                user=user,
                organisation=data.get("organisation"),
            )
        except BookingError as error:
            show_refusal(form, error)
        else:
            if waiting_list.acts_for(entry, request.user):
                messages.success(
                    request, _("You are on the waiting list. We have emailed you.")
                )
                return redirect("bookings:waiting_list_entry", token=entry.token)
            # Their entry page needs them signed in with that address.
            messages.success(
                request,
                _(
                    "You are on the waiting list, number %(n)d in line. We have "
                    "emailed %(email)s a link to see your place or leave the list."
                )
                % {"n": waiting_list.position(entry), "email": entry.email},
            )
            return redirect(cohort.get_absolute_url())
    return render(
        request,
        "bookings/waiting_list_join.html",
        {"cohort": cohort, "form": form, "state": cohort_state(cohort)},
    )


@login_required
def waiting_list_entry(request, token: str):
    """The person's own entry: position, open offer, leave. 404 for anyone else."""
    entry = get_object_or_404(
        WaitingListEntry.objects.select_related("programme", "cohort"),
        token=token,
    )
    if not waiting_list.acts_for(entry, request.user):
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "leave":
        waiting_list.leave_waiting_list(entry=entry, actor=request.user)
        messages.success(request, _("You have left the waiting list."))
        return redirect("bookings:waiting_list_entry", token=entry.token)
    offer = entry.offers.open().select_related("cohort").first()
    return render(
        request,
        "bookings/waiting_list_entry.html",
        {
            "entry": entry,
            "position": waiting_list.position(entry)
            if entry.status == WaitingListEntry.Status.WAITING
            else None,
            "offer": offer,
        },
    )


@login_required
def offer(request, token: str):
    """The offer link from the email: only the person it was made for books."""
    found = get_object_or_404(
        WaitingListOffer.objects.select_related("cohort", "entry"),
        token=token,
    )
    if not waiting_list.acts_for(found.entry, request.user):
        raise Http404
    if (
        found.status != WaitingListOffer.Status.OPEN
        or found.expires_at <= timezone.now()
    ):
        messages.error(request, _("Sorry, this offer has expired or been used."))
        return redirect(found.cohort.get_absolute_url())
    return redirect(
        reverse("bookings:book", args=[found.cohort_id]) + f"?offer={token}"
    )
