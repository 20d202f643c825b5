from django.urls import path

from bookings import views
from cop import converters  # noqa: F401  (registers token, ref)

app_name = "bookings"

urlpatterns = [
    path("cohort/<int:cohort_id>/book/", views.book, name="book"),
    path(
        "cohort/<int:cohort_id>/waiting-list/",
        views.join_waiting_list,
        name="join_waiting_list",
    ),
    path(
        "waiting-list/<token:token>/",
        views.waiting_list_entry,
        name="waiting_list_entry",
    ),
    path("offer/<token:token>/", views.offer, name="offer"),
    path("order/<ref:reference>/", views.order_detail, name="order_detail"),
    path("order/<ref:reference>/thank-you/", views.confirmation, name="confirmation"),
    path("order/<ref:reference>/pay/", views.pay, name="pay"),
    path("order/<ref:reference>/cancel/", views.cancel, name="cancel"),
    path(
        "place/<int:place_id>/sessions.ics",
        views.place_calendar,
        name="place_calendar",
    ),
    path("order/<ref:reference>/invoice.pdf", views.invoice_download, name="invoice"),
]
