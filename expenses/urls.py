from django.urls import path

from expenses import views

app_name = "expenses"

urlpatterns = [
    path("", views.claims, name="claims"),
    path("new/", views.claim_new, name="claim_new"),
    path("<int:pk>/receipt/", views.claim_receipt, name="claim_receipt"),
]
