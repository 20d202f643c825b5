from django.urls import path

from portal import views

app_name = "account"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("profile/", views.profile, name="profile"),
    path("your-data/", views.data_rights, name="data_rights"),
    path("your-data/download/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
