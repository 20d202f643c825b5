"""The facilitator's pages: every step of a cohort with comments and "to
contact" follow-ups, and the catch-up rounds (draw, redraw, swap, send).

They wear the admin's look (``admin/base_site.html``), need staff sign-in
(``admin_view``) and the app's permissions, and show only cohorts of the
facilitator's own programmes (coordinators see all); anything else is a 404.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bookings.models import Place
from cohorts.models import Cohort
from cop.models import User
from practice import catchups, selectors, steps
from practice.errors import PracticeError
from practice.forms import (
    CommentForm,
    FlagForm,
    FollowUpForm,
    StartRoundForm,
    SwapForm,
    show_refusal,
)
from practice.models import ActionStep, CatchUpRound, FollowUp

VIEW = "practice.view_actionstep"
CHANGE_STEPS = "practice.change_actionstep"
CHANGE_ROUNDS = "practice.change_catchupround"


def staff_view(view):
    return admin.site.admin_view(view)


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _cohort(request, cohort_id: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.facilitated_by(request.user).select_related("programme"),
        pk=cohort_id,
    )


def _context(request, title: str, **extra):
    return {**admin.site.each_context(request), "title": title, **extra}


@staff_view
def index(request):
    _require(request, VIEW)
    today = timezone.localdate()
    cohorts = (
        Cohort.objects.facilitated_by(request.user)
        .exclude(status__in=[Cohort.Status.DRAFT, Cohort.Status.CANCELLED])
        .annotate(
            open_steps=Count(
                "places__action_steps",
                filter=Q(
                    places__action_steps__status__in=ActionStep.OPEN_STATUSES,
                    places__status=Place.Status.CONFIRMED,
                ),
                distinct=True,
            ),
            overdue_steps=Count(
                "places__action_steps",
                filter=Q(
                    places__action_steps__status__in=ActionStep.OPEN_STATUSES,
                    places__action_steps__by_when__lt=today,
                    places__status=Place.Status.CONFIRMED,
                ),
                distinct=True,
            ),
            to_contact=Count(
                "places__follow_ups",
                filter=Q(places__follow_ups__contacted_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-created_at")
    )
    return TemplateResponse(
        request,
        "practice/staff/index.html",
        _context(request, _("Practice between sessions"), cohorts=cohorts),
    )


@staff_view
@require_http_methods(["GET", "POST"])
def cohort_steps(request, cohort_id: int):
    """Every step of the cohort; comment, mark to contact, record follow-ups."""
    _require(request, VIEW)
    cohort = _cohort(request, cohort_id)
    forms_by_key: dict[str, object] = {}
    if request.method == "POST":
        _require(request, CHANGE_STEPS)
        response = _handle_steps_post(request, cohort, forms_by_key)
        if response is not None:
            return response
    people = selectors.cohort_steps(cohort)
    for person in people:
        for item in person.steps:
            item.comment_form = forms_by_key.get(f"comment-{item.pk}") or CommentForm(
                prefix=f"comment-{item.pk}"
            )
        person.flag_form = forms_by_key.get(f"flag-{person.place.pk}") or FlagForm(
            prefix=f"flag-{person.place.pk}"
        )
        if person.follow_up:
            key = f"followup-{person.follow_up.pk}"
            person.follow_up_form = forms_by_key.get(key) or FollowUpForm(prefix=key)
    return TemplateResponse(
        request,
        "practice/staff/steps.html",
        _context(
            request,
            _("Action steps: %(cohort)s") % {"cohort": cohort},
            cohort=cohort,
            people=people,
            stuck=[p for p in people if p.is_stuck],
            to_contact=[p for p in people if p.follow_up],
            can_change=request.user.has_perm(CHANGE_STEPS),
        ),
    )


def _handle_steps_post(request, cohort: Cohort, forms_by_key: dict):
    """Run one of the page's forms; a redirect when it worked, else None."""
    handler = STEP_ACTIONS.get(request.POST.get("action", ""))
    target = request.POST.get("target", "")
    if handler is None or not target.isdigit():
        raise PermissionDenied
    back = reverse("practice:staff_steps", args=[cohort.pk])
    key, form, run = handler(request, cohort, int(target))
    forms_by_key[key] = form
    if form.is_valid():
        try:
            anchor, message = run(form.cleaned_data)
        except PracticeError as error:
            show_refusal(form, error)
        else:
            messages.success(request, message)
            return redirect(f"{back}#{anchor}")
    messages.error(request, _("Please correct the error below."))
    return None


def _comment(request, cohort: Cohort, pk: int):
    item = get_object_or_404(
        ActionStep.objects.select_related("owner", "place__cohort__programme"),
        pk=pk,
        place__cohort=cohort,
    )
    key = f"comment-{item.pk}"

    def run(data):
        steps.comment_on_step(actor=request.user, step=item, body=data["body"])
        name = item.owner.full_name
        return f"step-{item.pk}", _("Comment saved; %(name)s is emailed.") % {
            "name": name
        }

    return key, CommentForm(request.POST, prefix=key), run


def _flag(request, cohort: Cohort, pk: int):
    place = get_object_or_404(Place.objects.confirmed(), pk=pk, cohort=cohort)
    key = f"flag-{place.pk}"

    def run(data):
        steps.flag_to_contact(actor=request.user, place=place, reason=data["reason"])
        return f"person-{place.pk}", _("Marked to contact.")

    return key, FlagForm(request.POST, prefix=key), run


def _follow_up(request, cohort: Cohort, pk: int):
    follow_up = get_object_or_404(FollowUp, pk=pk, place__cohort=cohort)
    key = f"followup-{follow_up.pk}"

    def run(data):
        steps.record_follow_up(
            actor=request.user, follow_up=follow_up, outcome=data["outcome"]
        )
        return f"person-{follow_up.place_id}", _("Follow-up recorded.")

    return key, FollowUpForm(request.POST, prefix=key), run


STEP_ACTIONS = {"comment": _comment, "flag": _flag, "follow_up": _follow_up}


@staff_view
@require_http_methods(["GET", "POST"])
def rounds(request, cohort_id: int):
    """The cohort's catch-up rounds; start one after a session."""
    _require(request, VIEW)
    cohort = _cohort(request, cohort_id)
    taken = set(cohort.catch_up_rounds.values_list("after_session_id", flat=True))
    held = list(cohort.sessions.filter(is_cancelled=False).order_by("starts_at"))
    sessions = [s for s in held[:-1] if s.pk not in taken]  # the last has no "next"
    form = StartRoundForm(request.POST or None, sessions=sessions)
    if request.method == "POST":
        _require(request, CHANGE_ROUNDS)
        if form.is_valid():
            try:
                round = catchups.start_round(
                    actor=request.user,
                    after_session=form.sessions[form.cleaned_data["after_session"]],
                )
            except PracticeError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("Pairs drawn. Check them, then send."))
                return redirect("practice:staff_round", round_id=round.pk)
    all_rounds = (
        cohort.catch_up_rounds.select_related("after_session")
        .annotate(
            pair_count=Count("pairs", distinct=True),
            met=Count("pairs", filter=Q(pairs__outcome="met"), distinct=True),
        )
        .order_by("after_session__starts_at")
    )
    return TemplateResponse(
        request,
        "practice/staff/rounds.html",
        _context(
            request,
            _("Catch-up rounds: %(cohort)s") % {"cohort": cohort},
            cohort=cohort,
            rounds=all_rounds,
            form=form,
            can_change=request.user.has_perm(CHANGE_ROUNDS),
        ),
    )


@staff_view
@require_http_methods(["GET", "POST"])
def round_detail(request, round_id: int):
    """Who is paired with whom and who met; redraw, swap or send."""
    _require(request, VIEW)
    round = get_object_or_404(
        CatchUpRound.objects.select_related("after_session", "cohort__programme"),
        pk=round_id,
        cohort__in=Cohort.objects.facilitated_by(request.user),
    )
    people = list(
        User.objects.filter(
            places__cohort=round.cohort, places__status=Place.Status.CONFIRMED
        )
        .distinct()
        .order_by("full_name", "pk")
    )
    swap_form = SwapForm(
        request.POST if request.POST.get("action") == "swap" else None, people=people
    )
    if request.method == "POST":
        _require(request, CHANGE_ROUNDS)
        action = request.POST.get("action")
        try:
            if action == "redraw":
                catchups.redraw(actor=request.user, round=round)
                messages.success(request, _("Pairs drawn again."))
            elif action == "send":
                count = catchups.send_introductions(actor=request.user, round=round)
                messages.success(
                    request, _("%(count)d introductions sent.") % {"count": count}
                )
            elif action == "swap":
                if not swap_form.is_valid():
                    raise PracticeError(_("Choose two people."))
                catchups.swap(
                    actor=request.user,
                    round=round,
                    person=swap_form.people[swap_form.cleaned_data["person"]],
                    other=swap_form.people[swap_form.cleaned_data["other"]],
                )
                messages.success(request, _("Swapped."))
            else:
                raise PermissionDenied
        except PracticeError as error:
            messages.error(request, error.message)
        else:
            return redirect("practice:staff_round", round_id=round.pk)
        round.refresh_from_db()
    pairs = selectors.round_overview(round)
    paired = {m.user_id for p in pairs for m in p.members.all()}
    return TemplateResponse(
        request,
        "practice/staff/round.html",
        _context(
            request,
            str(round),
            round=round,
            cohort=round.cohort,
            pairs=pairs,
            meet_before=catchups.next_session(round.after_session),
            opted_out=[p for p in people if p.pk not in paired],
            swap_form=swap_form,
            can_change=request.user.has_perm(CHANGE_ROUNDS),
            met=sum(p.outcome == "met" for p in pairs),
            not_met=sum(p.outcome == "not_met" for p in pairs),
        ),
    )
