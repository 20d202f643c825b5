"""The participant's expense claims: list, new claim, receipt download.

Views are thin: they parse the form and call ``expenses.claims``; refusals
come back as ExpenseError with a message to show.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from applications.places import is_free
from bookings.models import Place
from cohorts.models import Cohort
from cop.refusals import show_refusal
from expenses import claims as claims_service
from expenses import selectors
from expenses.errors import ExpenseError
from expenses.forms import ExpenseClaimForm


def _claimable_cohorts(user):
    cohort_ids = Place.objects.confirmed().filter(attendee=user).values("cohort_id")
    cohorts = Cohort.objects.filter(pk__in=cohort_ids).select_related("programme")
    free = [c.pk for c in cohorts if is_free(c)]
    return Cohort.objects.filter(pk__in=free).select_related("programme")


@login_required
def claims(request):
    return render(
        request,
        "expenses/claims.html",
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
        return redirect("expenses:claims")
    form = ExpenseClaimForm(
        request.POST or None, request.FILES or None, cohorts=cohorts
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claims_service.submit_claim(
                cohort=data["cohort"],
                claimant=request.user,
                amount=data["amount"],
                description=data["description"],
                receipt=data["receipt"],
                incurred_on=data["incurred_on"],
            )
        except ExpenseError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, _("Your claim has been sent to the facilitator to approve.")
            )
            return redirect("expenses:claims")
    return render(request, "expenses/claim_form.html", {"form": form})


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
