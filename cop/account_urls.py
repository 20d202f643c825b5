from django.urls import path

from cop import views

app_name = "account"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
