from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve

urlpatterns = [
    # Staff's cockpit first: "Today" is the admin home; the model list is at
    # /admin/models/ (staff/urls.py).
    path("admin/", include("staff.urls")),
    # Before the admin: holds /evaluation/ and the staff results below /admin/.
    path("", include("evaluation.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("portal.account_urls")),
    path("payments/", include("bookings.payment_urls")),
    path("bookings/", include("bookings.urls")),
    path("applications/expenses/", include("expenses.urls")),
    path("applications/", include("applications.urls")),
    path("", include("portal.urls")),
    path("cpd/", include("cpd.urls")),
    path("notifications/", include("notifications.urls")),
    path("practice/", include("practice.urls")),
    path("space/", include("community.urls")),
    path(
        "privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"
    ),
    path("", include("cohorts.urls")),
]


def serve_media(request, path: str):
    """Development only: stored files; a name the disk refuses is a 404."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # e.g. a name longer than the file system allows
        raise Http404 from None


if settings.DEBUG:
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve_media)
    ]
