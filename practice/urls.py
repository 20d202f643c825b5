from django.urls import path

from practice import staff_views, views

app_name = "practice"

urlpatterns = [
    path("", views.home, name="home"),
    path("log/", views.log, name="log"),
    path("log/<int:entry_id>/delete/", views.log_delete, name="log_delete"),
    path("steps/<int:step_id>/", views.step, name="step"),
    path("catch-ups/<int:pair_id>/report/", views.report, name="report_pair"),
    path("catch-ups/report/<str:token>/", views.report_by_link, name="report"),
    path("cohorts/<int:cohort_id>/", views.cohort, name="cohort"),
    path("cohorts/<int:cohort_id>/shared/", views.shared, name="shared"),
    path("cohorts/<int:cohort_id>/opt-out/", views.opt_out, name="opt_out"),
    path("staff/", staff_views.index, name="staff_index"),
    path(
        "staff/cohorts/<int:cohort_id>/steps/",
        staff_views.cohort_steps,
        name="staff_steps",
    ),
    path(
        "staff/cohorts/<int:cohort_id>/rounds/",
        staff_views.rounds,
        name="staff_rounds",
    ),
    path("staff/rounds/<int:round_id>/", staff_views.round_detail, name="staff_round"),
]
