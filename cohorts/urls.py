from django.urls import path

from cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path(
        "programmes/<slug:programme_slug>/<slug:slug>/",
        views.cohort_detail,
        name="cohort_detail",
    ),
    path(
        "programmes/<slug:programme_slug>/<slug:slug>/calendar.ics",
        views.cohort_calendar,
        name="cohort_calendar",
    ),
]
