"""Staff screens: plain views in each app's ``staff_views.py`` in the admin's look.

An app's staff screens (registers, imports, reports) are ordinary views, not
methods on a ``ModelAdmin``. ``staff_screen`` gives them what the admin's own
pages get: staff only (others are sent to sign in), no caching, CSRF checks,
and the named permissions (403 without them). Facilitator scope is each
view's own query (``Cohort.objects.facilitated_by(user)``), answering 404 for
rows outside it so a screen never confirms they exist. The app's ``admin.py``
includes the screens' ``urlpatterns`` so their URLs and names stay under
``/admin/`` and ``admin:``; ``render_screen`` draws them with the admin's
navigation (``admin.site.each_context``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

View = Callable[..., HttpResponse]


def staff_screen(*permissions: str) -> Callable[[View], View]:
    """Decorate a staff screen: staff only, and ``permissions`` all held."""

    def decorate(view: View) -> View:
        @wraps(view)
        def screen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_active and user.is_staff):
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login")
                )
            if permissions and not user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return csrf_protect(never_cache(screen))

    return decorate


def require(request: HttpRequest, *permissions: str) -> None:
    """Refuse (403) a step of a screen that needs more, e.g. saving."""
    if not request.user.has_perms(permissions):
        raise PermissionDenied


def render_screen(
    request: HttpRequest,
    template: str,
    *,
    title: str,
    model: type[Model] | None = None,
    **context: Any,
) -> TemplateResponse:
    """Render a staff screen inside the admin's frame (navigation, breadcrumbs)."""
    return TemplateResponse(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            **({"opts": model._meta} if model is not None else {}),
            **context,
        },
    )
