from django.urls import path

from cpd import views

app_name = "cpd"

urlpatterns = [
    path("certificates/<str:number>/download/", views.download, name="download"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("check-in/", views.check_in_view, name="check_in"),
    path("check-in/<str:code>/", views.check_in_view, name="check_in_code"),
]
