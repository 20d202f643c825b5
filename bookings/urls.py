from django.urls import path

from bookings import contact_views, organisation_views, views

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
    path("contact/", contact_views.enquiry, name="enquiry"),
    path(
        "organisation/",
        organisation_views.organisation_bookings,
        name="organisation_bookings",
    ),
    path(
        "organisation/confirm/<int:user_id>/",
        organisation_views.confirm_colleague,
        name="confirm_colleague",
    ),
    path(
        "organisation/order/<str:reference>/invoice.pdf",
        organisation_views.organisation_invoice,
        name="organisation_invoice",
    ),
    path(
        "order/<str:reference>/place/<int:place_id>/swap/",
        organisation_views.swap,
        name="swap",
    ),
]
