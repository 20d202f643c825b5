"""Participant pages that keep their paths outside ``/account/``."""

from django.urls import path

from portal import feed_views, views

app_name = "portal"

urlpatterns = [
    path("cpd/", views.cpd_record, name="cpd_record"),
    path("calendar/<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
]
