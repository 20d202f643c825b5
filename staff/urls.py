"""Mounted at /admin/ before the admin's own URLs (cop/urls.py)."""

from django.urls import path

from staff import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.today, name="today"),
    path("models/", staff_views.model_index, name="models"),
    path(
        "cohort/<int:cohort_id>/overview/",
        staff_views.cohort_overview,
        name="cohort_overview",
    ),
    path(
        "cohort/<int:cohort_id>/attendance/",
        staff_views.cohort_attendance,
        name="cohort_attendance",
    ),
    path(
        "cohort/<int:cohort_id>/email/", staff_views.cohort_email, name="cohort_email"
    ),
    path(
        "cohort/message/<int:message_id>/",
        staff_views.cohort_message,
        name="cohort_message",
    ),
    path("reports/", staff_views.network_reports, name="reports"),
    path(
        "reports/network-report.<str:fmt>",
        staff_views.network_report_download,
        name="report_download",
    ),
]
