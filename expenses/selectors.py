"""Reads for pages: a person's claims, and who may see a claim's receipt."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from expenses.models import ExpenseClaim


def claims_for(user) -> QuerySet[ExpenseClaim]:
    return (
        ExpenseClaim.objects.filter(claimant=user)
        .select_related("cohort__programme")
        .order_by("-created_at")
    )


def claim_visible_to(user, pk: int) -> ExpenseClaim:
    """The claimant, the programme's facilitators and coordinators; else 404."""
    claim = (
        ExpenseClaim.objects.select_related("cohort__programme").filter(pk=pk).first()
    )
    if claim is None:
        raise Http404
    if claim.claimant_id == user.pk:
        return claim
    if user.is_staff and (
        user.is_coordinator
        or claim.cohort.programme.facilitators.filter(pk=user.pk).exists()
    ):
        return claim
    raise Http404
