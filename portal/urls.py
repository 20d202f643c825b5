"""Participant pages that keep their paths outside ``/account/``."""

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("cpd/", views.cpd_record, name="cpd_record"),
]
