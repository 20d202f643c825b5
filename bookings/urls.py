from django.urls import path

from bookings import contact_views, organisation_views, views
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
        "organisation/order/<ref:reference>/invoice.pdf",
        organisation_views.organisation_invoice,
        name="organisation_invoice",
    ),
    path(
        "order/<ref:reference>/place/<int:place_id>/swap/",
        organisation_views.swap,
        name="swap",
    ),
]
