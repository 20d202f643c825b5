from django.urls import path

from cop import converters  # noqa: F401  (registers code)
from cpd import views

app_name = "cpd"

urlpatterns = [
    path("certificates/<code:number>/download/", views.download, name="download"),
    path("verify/<code:number>/", views.verify, name="verify"),
    path("check-in/", views.check_in_view, name="check_in"),
    path("check-in/<code:code>/", views.check_in_view, name="check_in_code"),
]
