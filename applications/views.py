"""Public and practitioner pages: interest, applying, my applications, expenses.

Views are thin: they parse the form and call a service; refusals come back as
ApplicationError with a message to show.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import expenses, selectors
from applications.availability import day_label, time_options
from applications.errors import ApplicationError
from applications.forms import ApplicationForm, ExpenseClaimForm, InterestForm
from applications.interest import is_recruiting, register_interest
from applications.models import Application
from applications.places import is_free
from applications.selection import withdraw
from applications.submission import closed_reason, save_application
from bookings.models import Place
from cohorts.models import Cohort
from cop.affiliation import may_book_as
from cop.refusals import show_refusal


def _application_cohort(user, cohort_id: int) -> Cohort:
    """A published cohort of a programme run by application; 404 otherwise."""
    cohort = get_object_or_404(
        Cohort.objects.select_related("programme").filter(
            programme__booking_mode="application", programme__is_published=True
        ),
        pk=cohort_id,
    )
    private_to_other = cohort.private_to_id and not may_book_as(
        user, cohort.private_to_id
    )
    if cohort.status == Cohort.Status.DRAFT or private_to_other:
        raise Http404
    return cohort


def interest(request, cohort_id: int):
    cohort = _application_cohort(request.user, cohort_id)
    if not is_recruiting(cohort):
        return render(
            request,
            "applications/closed.html",
            {
                "cohort": cohort,
                "reason": _("This cohort is not recruiting at the moment."),
            },
        )
    user = request.user if request.user.is_authenticated else None
    form = InterestForm(
        request.POST or None,
        initial={
            "name": getattr(user, "full_name", ""),
            "email": getattr(user, "email", ""),
            "organisation": getattr(getattr(user, "organisation", None), "name", ""),
            "role": getattr(user, "job_role", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            register_interest(cohort=cohort, user=user, **form.cleaned_data)
        except ApplicationError as error:
            show_refusal(form, error)
        else:
            return render(
                request,
                "applications/interest_done.html",
                {"cohort": cohort, "email": form.cleaned_data["email"]},
            )
    return render(
        request, "applications/interest_form.html", {"cohort": cohort, "form": form}
    )


@login_required
def apply(request, cohort_id: int):
    cohort = _application_cohort(request.user, cohort_id)
    application = Application.objects.filter(
        cohort=cohort, applicant=request.user
    ).first()
    reason = closed_reason(cohort)
    if reason:
        return render(
            request,
            "applications/closed.html",
            {"cohort": cohort, "reason": reason, "application": application},
        )
    if application and not application.is_editable_status:
        messages.info(request, _("A decision has been made on your application."))
        return redirect("applications:detail", application.pk)
    submitting = "submit" in request.POST
    form = ApplicationForm(
        request.POST or None,
        cohort=cohort,
        submitting=submitting,
        initial=ApplicationForm.initial_from(application, request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = save_application(
                cohort=cohort,
                applicant=request.user,
                answers=form.answers(),
                submit=submitting,
            )
        except ApplicationError as error:
            show_refusal(form, error)
        else:
            if submitting:
                messages.success(
                    request,
                    _(
                        "Thank you: your application has been submitted. You can "
                        "change it until the deadline."
                    ),
                )
                return redirect("applications:detail", application.pk)
            messages.success(
                request, _("Your draft is saved. Submit it before the deadline.")
            )
            return redirect("applications:apply", cohort.pk)
    return render(
        request,
        "applications/apply.html",
        {"cohort": cohort, "form": form, "application": application},
    )


@login_required
def mine(request):
    return render(
        request,
        "applications/mine.html",
        {
            "applications": selectors.applications_for(request.user),
            "claims": selectors.claims_for(request.user)[:5],
        },
    )


@login_required
def detail(request, pk: int):
    application = selectors.own_application(request.user, pk)
    cohort = application.cohort
    options = {o.code: o.display for o in time_options(cohort)}
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "cohort": cohort,
            "days": [day_label(d) for d in application.preferred_days],
            "times": [options.get(t, t) for t in application.preferred_times],
            "can_edit": application.is_editable_status and not closed_reason(cohort),
        },
    )


@login_required
@require_POST
def withdraw_own(request, pk: int):
    application = selectors.own_application(request.user, pk)
    try:
        withdraw(application_id=application.pk, actor=request.user, by_applicant=True)
    except ApplicationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("applications:detail", application.pk)


def _claimable_cohorts(user):
    cohort_ids = Place.objects.confirmed().filter(attendee=user).values("cohort_id")
    cohorts = Cohort.objects.filter(pk__in=cohort_ids).select_related("programme")
    free = [c.pk for c in cohorts if is_free(c)]
    return Cohort.objects.filter(pk__in=free).select_related("programme")


@login_required
def claims(request):
    return render(
        request,
        "applications/claims.html",
        {
            "claims": selectors.claims_for(request.user),
            "can_claim": _claimable_cohorts(request.user).exists(),
        },
    )


@login_required
def claim_new(request):
    cohorts = _claimable_cohorts(request.user)
    if not cohorts.exists():
        messages.info(
            request,
            _("Expenses can be claimed once you have a place in a free programme."),
        )
        return redirect("applications:claims")
    form = ExpenseClaimForm(
        request.POST or None, request.FILES or None, cohorts=cohorts
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expenses.submit_claim(
                cohort=data["cohort"],
                claimant=request.user,
                amount=data["amount"],
                description=data["description"],
                receipt=data["receipt"],
                incurred_on=data["incurred_on"],
            )
        except ApplicationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, _("Your claim has been sent to the facilitator to approve.")
            )
            return redirect("applications:claims")
    return render(request, "applications/claim_form.html", {"form": form})


@login_required
def claim_receipt(request, pk: int):
    claim = selectors.claim_visible_to(request.user, pk)
    if not claim.receipt:
        raise Http404
    # Receipts are small (size-limited), so read them whole and close the file.
    with claim.receipt.open("rb") as receipt:
        body = receipt.read()
    response = HttpResponse(
        body, content_type=claim.receipt_content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=claim.receipt_name or "receipt"
    )
    return response
