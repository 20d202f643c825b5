"""Participant and public pages: CPD record, downloads, verification, check-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cpd.check_in import CheckInError, check_in
from cpd.forms import CheckInForm
from cpd.models import Certificate
from cpd.selectors import certificate_for_download, cpd_record


@login_required
def record(request):
    """My CPD record: certificates and totals per year, and cohorts in progress."""
    return render(request, "cpd/record.html", {"record": cpd_record(request.user)})


@login_required
@never_cache
def download(request, number: str):
    """Only the owner or staff with the permission; anyone else gets a 404."""
    certificate = certificate_for_download(request.user, number)
    if certificate is None or not certificate.pdf:
        raise Http404
    response = FileResponse(
        default_storage.open(certificate.pdf.name, "rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def verify(request, number: str):
    """Public: is this certificate genuine and current? Nothing more."""
    certificate = (
        Certificate.objects.filter(number=number.strip().upper())
        .select_related("replaced_by")
        .first()
    )
    if certificate is None:
        raise Http404
    response = render(request, "cpd/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def check_in_view(request, code: str = ""):
    form = CheckInForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            attendance = check_in(user=request.user, code=form.cleaned_data["code"])
        except CheckInError as error:
            form.add_error("code", str(error))
        else:
            messages.success(
                request,
                f"You are checked in to {attendance.session.title}. Welcome.",
            )
            return redirect("cpd:record")
    return render(request, "cpd/check_in.html", {"form": form})
