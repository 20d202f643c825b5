"""The practitioner's own pages: dashboard, calendar, profile, data, CPD record."""

from __future__ import annotations

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cohorts.calendar import build_calendar
from portal.cpd_record import cpd_record as build_cpd_record
from portal.dashboard import dashboard_for, upcoming_sessions
from portal.feed import feed_for, feed_urls
from portal.forms import DeleteAccountForm, ProfileForm
from portal.personal_data import (
    FINANCIAL_RECORDS_NOTE,
    anonymise_user,
    export_personal_data,
)


@login_required
def dashboard(request):
    """The practitioner's home: sessions, bookings, applications, certificates."""
    return render(request, "account/dashboard.html", dashboard_for(request.user))


@login_required
def calendar(request):
    """All my upcoming sessions as one .ics, joining links included."""
    body = build_calendar(upcoming_sessions(request.user), include_private=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-sessions.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details are saved."))
        return redirect("account:profile")
    return render(
        request,
        "account/profile.html",
        {"form": form, "feed_urls": feed_urls(feed_for(request.user))},
    )


@login_required
def data_rights(request):
    return render(request, "account/data_rights.html", {"note": FINANCIAL_RECORDS_NOTE})


@login_required
def export_data(request):
    """A JSON copy of everything the person owns (UK GDPR right of access)."""
    data = export_personal_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Erase the person's data after they confirm with their password."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            messages.error(request, _("Too many attempts. Try again in a minute."))
            return redirect("account:delete")
        if form.is_valid():
            anonymise_user(
                user=request.user, actor=request.user, reason="deleted by the person"
            )
            logout(request)
            messages.success(
                request,
                _("Your account is deleted and your personal data removed."),
            )
            return redirect("cohorts:programme_list")
    return render(
        request,
        "account/delete_account.html",
        {"form": form, "note": FINANCIAL_RECORDS_NOTE},
    )


@login_required
def cpd_record(request):
    """My CPD record: certificates and totals per year, and cohorts in progress."""
    return render(
        request, "cpd/record.html", {"record": build_cpd_record(request.user)}
    )
