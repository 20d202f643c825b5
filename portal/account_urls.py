from django.urls import path

from portal import feed_views, views

app_name = "account"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("calendar-feed/", feed_views.calendar_subscribe, name="calendar_feed"),
    path(
        "calendar-feed/reset/",
        feed_views.calendar_feed_reset,
        name="calendar_feed_reset",
    ),
    path(
        "sessions/<int:session_id>/attending/",
        feed_views.session_attendance,
        name="session_attendance",
    ),
    path("profile/", views.profile, name="profile"),
    path("your-data/", views.data_rights, name="data_rights"),
    path("your-data/download/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
