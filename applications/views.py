"""Public and practitioner pages: interest, applying, my applications.

Views are thin: they parse the form and call a service; refusals come back as
ApplicationError with a message to show.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import selectors
from applications.availability import day_label, time_options
from applications.errors import ApplicationError
from applications.forms import ApplicationForm, InterestForm
from applications.interest import is_recruiting, register_interest
from applications.models import Application
from applications.selection import withdraw
from applications.submission import closed_reason, save_application
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
                question_answers=form.question_answers(),
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
