"""The participant's pages: action steps, catch-ups and the CPD log.

Each page shows only the person's own data (another person's step or pair is
a 404); shared steps only to members of the cohort.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from practice import catchups, learning_log, selectors, steps
from practice.errors import PracticeError
from practice.forms import LogForm, ProgressForm, StepForm, show_refusal
from practice.models import CatchUpPair, CpdLogEntry


@login_required
def home(request):
    """Between sessions: my cohorts, open steps, catch-up partner, log."""
    places = list(selectors.my_places(request.user))
    return render(
        request,
        "practice/home.html",
        {
            "places": places,
            "open_steps": list(selectors.open_steps(request.user)),
            "partner": selectors.current_partner(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort(request, cohort_id: int):
    """My steps in one cohort, and a form to add one after a session."""
    place = selectors.place_in(request.user, cohort_id)
    if place is None:
        raise Http404
    sessions = selectors.step_sessions(place)
    form = StepForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            steps.add_step(
                user=request.user,
                session=form.sessions[data["session"]],
                what=data["what"],
                by_when=data["by_when"],
                who_might_help=data["who_might_help"],
                shared=data["shared"],
            )
        except PracticeError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your action step is saved."))
            return redirect("practice:cohort", cohort_id=cohort_id)
    return render(
        request,
        "practice/cohort.html",
        {
            "place": place,
            "cohort": place.cohort,
            "form": form,
            "can_add": bool(sessions),
            "steps": list(selectors.steps_of(request.user, place.cohort)),
            "partner": selectors.current_partner(request.user, cohort=place.cohort),
            "open_round": selectors.open_round_for(request.user, place.cohort),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request, step_id: int):
    """Update my step's progress, reflect on it, share it."""
    item = selectors.step_for_owner(request.user, step_id)
    if item is None:
        raise Http404
    form = ProgressForm(
        request.POST or None,
        initial={
            "status": item.status,
            "reflection": item.reflection,
            "shared": item.shared,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            steps.update_step(
                user=request.user,
                step=item,
                status=data["status"],
                reflection=data["reflection"],
                shared=data["shared"],
            )
        except PracticeError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your progress is saved."))
            return redirect("practice:cohort", cohort_id=item.place.cohort_id)
    return render(request, "practice/step.html", {"step": item, "form": form})


@login_required
def shared(request, cohort_id: int):
    """Steps members shared with the group (members of the cohort only)."""
    place = selectors.place_in(request.user, cohort_id)
    if place is None:
        raise Http404
    return render(
        request,
        "practice/shared.html",
        {"cohort": place.cohort, "steps": list(selectors.shared_steps(place.cohort))},
    )


@login_required
@require_POST
def report(request, pair_id: int):
    """'We met' / 'couldn't meet' from the page (members of the pair only)."""
    pair = selectors.pair_for_member(request.user, pair_id)
    if pair is None:
        raise Http404
    outcome = request.POST.get("outcome", "")
    try:
        catchups.report_outcome(user=request.user, pair=pair, outcome=outcome)
    except PracticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you, that is noted."))
    return redirect("practice:cohort", cohort_id=pair.round.cohort_id)


@require_http_methods(["GET", "POST"])
def report_by_link(request, token: str):
    """The link in the introduction email. A GET only asks; a POST records
    (mail scanners follow links)."""
    try:
        holder = catchups.read_token(token)
    except PracticeError as error:
        return render(
            request, "practice/report_link.html", {"error": error.message}, status=404
        )
    choice = request.POST.get("outcome") or (
        CatchUpPair.Outcome.MET
        if request.GET.get("met") == "1"
        else CatchUpPair.Outcome.NOT_MET
        if request.GET.get("met") == "0"
        else ""
    )
    done = False
    error_message = ""
    if request.method == "POST":
        try:
            catchups.report_outcome(user=holder.user, pair=holder.pair, outcome=choice)
        except PracticeError as error:
            error_message = error.message
        else:
            done = True
    partners = [
        m.user
        for m in holder.pair.members.select_related("user")
        if m.user != holder.user
    ]
    return render(
        request,
        "practice/report_link.html",
        {
            "holder": holder,
            "partners": partners,
            "choice": choice,
            "done": done,
            "error": error_message,
            "outcomes": CatchUpPair.Outcome,
        },
    )


@login_required
@require_POST
def opt_out(request, cohort_id: int):
    place = selectors.place_in(request.user, cohort_id)
    if place is None:
        raise Http404
    round = selectors.open_round_for(request.user, place.cohort)
    if round is None:
        messages.error(request, _("There is no catch-up round to sit out just now."))
    else:
        try:
            catchups.opt_out(user=request.user, round=round)
        except PracticeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You will sit this round out."))
    return redirect("practice:cohort", cohort_id=cohort_id)


@login_required
@require_http_methods(["GET", "POST"])
def log(request):
    """My CPD log: self-directed learning and catch-ups."""
    places = list(selectors.my_places(request.user))
    form = LogForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            learning_log.log_learning(
                user=request.user,
                place=form.places[data["place"]],
                what=data["what"],
                on=data["on"],
                minutes=data["minutes"],
                kind=data["kind"],
            )
        except PracticeError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Added to your CPD log."))
            return redirect("practice:log")
    return render(
        request,
        "practice/log.html",
        {"form": form, "entries": list(selectors.my_log(request.user))},
    )


@login_required
@require_POST
def log_delete(request, entry_id: int):
    entry = get_object_or_404(CpdLogEntry, pk=entry_id, user=request.user)
    learning_log.delete_entry(user=request.user, entry=entry)
    messages.success(request, _("Removed from your CPD log."))
    return redirect("practice:log")
