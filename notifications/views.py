"""The unsubscribe page, reached from a signed link in optional emails."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications.unsubscribe import (
    BadTokenError,
    is_opted_out,
    opt_in,
    opt_out,
    read_token,
)


# The signed token is the credential, and mail clients send RFC 8058
# one-click unsubscribes as a POST without any CSRF cookie.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str) -> HttpResponse:
    """GET asks (link scanners must not unsubscribe anyone); POST acts."""
    try:
        email = read_token(token)
    except BadTokenError as error:
        return render(
            request,
            "notifications/unsubscribe_invalid.html",
            {"message": error.message},
            status=400,
        )
    changed = None
    if request.method == "POST":
        if request.POST.get("action") == "resubscribe":
            opt_in(email=email)
            changed = "resubscribed"
        else:  # the form's button or a one-click POST
            opt_out(email=email)
            changed = "unsubscribed"
    return render(
        request,
        "notifications/unsubscribe.html",
        {"email": email, "opted_out": is_opted_out(email), "changed": changed},
    )
