from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("cohort/<int:cohort_id>/book/", views.book, name="book"),
    path(
        "cohort/<int:cohort_id>/waiting-list/",
        views.join_waiting_list,
        name="join_waiting_list",
    ),
    path(
        "waiting-list/<str:token>/", views.waiting_list_entry, name="waiting_list_entry"
    ),
    path("offer/<str:token>/", views.offer, name="offer"),
    path("order/<str:reference>/", views.order_detail, name="order_detail"),
    path("order/<str:reference>/thank-you/", views.confirmation, name="confirmation"),
    path("order/<str:reference>/pay/", views.pay, name="pay"),
    path("order/<str:reference>/cancel/", views.cancel, name="cancel"),
    path(
        "place/<int:place_id>/sessions.ics",
        views.place_calendar,
        name="place_calendar",
    ),
    path("order/<str:reference>/invoice.pdf", views.invoice_download, name="invoice"),
]
