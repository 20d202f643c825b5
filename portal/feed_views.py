"""The private calendar feed, its reset, and saying how you will attend a session.

The feed URL needs no sign-in (calendar apps cannot sign in): the token is
the key. A signed-in person opening another person's feed URL gets 404, as
does anyone with an old (reset) or made-up token.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from cohorts import extensions
from cohorts.attendance import (
    AttendanceError,
    allowed_choices,
    intention_of,
    say_how_i_attend,
)
from cohorts.models import Session
from cop.refusals import show_refusal
from portal.feed import build_feed, feed_for, feed_urls, reset_feed, user_for_token


@require_GET
def calendar_feed(request, token: str):
    user = user_for_token(token)
    if user is None:
        raise Http404
    if request.user.is_authenticated and request.user.pk != user.pk:
        raise Http404  # someone else's feed: never shown, even to a signed-in person
    response = HttpResponse(
        build_feed(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="my-sessions.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def calendar_subscribe(request):
    """The person's feed URLs, how to subscribe, and the reset button."""
    feed = feed_for(request.user)
    return render(request, "account/calendar_feed.html", {"urls": feed_urls(feed)})


@login_required
@require_POST
def calendar_feed_reset(request):
    reset_feed(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar feed has a new address. The old one no longer works: "
            "subscribe again with the new one."
        ),
    )
    return redirect(reverse("account:profile") + "#calendar-feed")


class AttendanceForm(forms.Form):
    how = forms.ChoiceField(
        label=_lazy("How will you attend?"), widget=forms.RadioSelect
    )
    dietary_requirements = forms.CharField(
        label=_lazy("Dietary requirements"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("For lunch or refreshments at the venue."),
    )
    access_needs = forms.CharField(
        label=_lazy("Access needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("Anything the venue or the facilitator should arrange."),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        how = self.fields["how"]
        assert isinstance(how, forms.ChoiceField)
        how.choices = allowed_choices(session)


@login_required
def session_attendance(request, session_id: int):
    """Say (or change, until the cut-off) whether you come in person."""
    session = get_object_or_404(
        Session.objects.select_related("cohort__programme"), pk=session_id
    )
    if not session.has_venue or not extensions.is_participant(
        request.user, session.cohort
    ):
        raise Http404
    current = intention_of(request.user, session)
    if current:
        initial = {
            "how": current.how,
            "dietary_requirements": current.dietary_requirements,
            "access_needs": current.access_needs,
        }
    else:
        initial = {
            "dietary_requirements": request.user.dietary_requirements,
            "access_needs": request.user.access_needs,
        }
    form = AttendanceForm(request.POST or None, session=session, initial=initial)
    closed = timezone.now() >= session.attendance_cutoff
    if request.method == "POST" and form.is_valid():
        try:
            say_how_i_attend(session=session, user=request.user, **form.cleaned_data)
        except AttendanceError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, _("Thank you: your plans for this session are saved.")
            )
            return redirect("account:dashboard")
    return render(
        request,
        "account/session_attendance.html",
        {"session": session, "form": form, "current": current, "closed": closed},
    )
