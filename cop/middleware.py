"""The admin gate: one protected login, and a second factor for staff."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cop.two_factor import has_second_factor, passed_second_factor


class RefuseNulBytesMiddleware:
    """A NUL byte in the path or the query string is a bad request (400).

    PostgreSQL refuses NUL in any query with a server error, and no link the
    site makes carries one; the URL converters (``cop.converters``) keep
    other odd path values away from queries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise SuspiciousOperation("NUL byte in the URL")
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Send the admin's login to allauth's, and staff through two-factor.

    - ``/admin/login/`` never shows Django's own form (allauth's rate limits do
      not cover it): it redirects to the site's sign-in page.
    - Staff without an authenticator app are sent to set one up before any
      protected page; staff who have one but signed in without using it (an
      old session) are asked for a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        path = request.path
        if path == reverse("admin:login"):
            return self.admin_login(request)
        prefixes = settings.STAFF_MFA_REQUIRED_PREFIXES
        user = request.user
        if user.is_authenticated and user.is_staff and path.startswith(tuple(prefixes)):
            redirect = self.second_factor_redirect(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def admin_login(self, request: HttpRequest):
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}
        ):
            next_url = ""
        next_url = next_url or reverse("admin:index")
        if not request.user.is_authenticated:
            login = reverse("account_login")
            return HttpResponseRedirect(f"{login}?{_query(next=next_url)}")
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return HttpResponseRedirect(next_url)

    def second_factor_redirect(self, request: HttpRequest):
        if not has_second_factor(request.user):
            messages.info(
                request,
                _(
                    "Staff accounts need two-factor sign-in. Set up an "
                    "authenticator app to continue to the admin."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if not passed_second_factor(request):
            target = reverse("mfa_reauthenticate")
            return HttpResponseRedirect(
                f"{target}?{_query(next=request.get_full_path())}"
            )
        return None


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)
