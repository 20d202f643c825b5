from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings and payments"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from bookings.accounts import on_email_confirmed

        email_confirmed.connect(on_email_confirmed, dispatch_uid="bookings_link_places")
