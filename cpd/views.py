"""Participant and public pages: downloads, verification, check-in.

The CPD record page reads places too, so it lives in ``portal``.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cop.refusals import show_refusal
from cpd.certificates import store_pdf
from cpd.check_in import CheckInError, check_in
from cpd.forms import CheckInForm
from cpd.models import Certificate
from cpd.selectors import certificate_for_download

logger = logging.getLogger(__name__)

# Seconds a browser is told to wait before asking for a PDF again.
RETRY_AFTER = 60


@login_required
@never_cache
def download(request, number: str):
    """Only the owner or staff with the permission; anyone else gets a 404.

    A PDF missing from storage is rendered again from the frozen snapshot; if
    that fails, say so calmly (503, try again) rather than erroring.
    """
    certificate = certificate_for_download(request.user, number)
    if certificate is None:
        raise Http404
    if not certificate.is_valid:
        # Revoked means revoked: the emailed link no longer serves the PDF.
        response = render(
            request,
            "cpd/certificate_gone.html",
            {"certificate": certificate},
            status=410,
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    try:
        store_pdf(certificate)
        file = default_storage.open(certificate.pdf.name, "rb")
    except Exception:
        logger.exception("Certificate %s: could not render the PDF", certificate.pk)
        response = render(
            request,
            "cpd/certificate_pending.html",
            {"certificate": certificate, "retry_after": RETRY_AFTER},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER)
        response["X-Robots-Tag"] = "noindex"
        return response
    response = FileResponse(
        file,
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
            show_refusal(form, error, field="code")
        else:
            messages.success(
                request,
                f"You are checked in to {attendance.session.title}. Welcome.",
            )
            return redirect("portal:cpd_record")
    return render(request, "cpd/check_in.html", {"form": form})
