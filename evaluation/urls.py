"""Participant pages under /evaluation/ and staff results under the admin.

Staff pages sit below /admin/ so the admin's two-factor gate covers them;
they live in ``staff_views`` and are not admin ``get_urls``.
"""

from django.urls import include, path

from evaluation import staff_views, views

app_name = "evaluation"

participant = [
    path("", views.index, name="index"),
    path("cohort/<int:cohort_id>/", views.cohort_page, name="cohort"),
    path("session/<int:session_id>/feedback/", views.feedback_page, name="feedback"),
    path("questionnaire/<int:run_id>/", views.questionnaire_page, name="questionnaire"),
    path(
        "cohort/<int:cohort_id>/assessment/<str:stage>/",
        views.assessment_page,
        name="assessment",
    ),
    path("cohort/<int:cohort_id>/journal/", views.journal_page, name="journal"),
    path("cohort/<int:cohort_id>/journal.pdf", views.journal_pdf, name="journal_pdf"),
    path("research-consent/", views.research_consent, name="consent"),
]

staff = [
    path("", staff_views.index, name="staff_index"),
    path("cohort/<int:cohort_id>/", staff_views.cohort_results, name="staff_cohort"),
    path(
        "session/<int:session_id>/", staff_views.session_results, name="staff_session"
    ),
    path("run/<int:run_id>/", staff_views.run_results, name="staff_run"),
    path(
        "run/<int:run_id>/export.<str:fmt>", staff_views.run_export, name="staff_export"
    ),
    path(
        "cohort/<int:cohort_id>/review/<str:stage>/",
        staff_views.cohort_review,
        name="staff_review",
    ),
    path(
        "programme/<int:programme_id>/empowerment/",
        staff_views.programme_empowerment,
        name="staff_programme",
    ),
    path("cohort/<int:cohort_id>/report/", staff_views.report, name="staff_report"),
    path(
        "cohort/<int:cohort_id>/report.pdf",
        staff_views.report_pdf,
        name="staff_report_pdf",
    ),
    path("research.csv", staff_views.research_export, name="staff_research"),
]

urlpatterns = [
    path("evaluation/", include(participant)),
    path("admin/evaluation-results/", include(staff)),
]
