from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
