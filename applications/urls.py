from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("interest/<int:cohort_id>/", views.interest, name="interest"),
    path("apply/<int:cohort_id>/", views.apply, name="apply"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/withdraw/", views.withdraw_own, name="withdraw"),
]
