from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings and payments"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from bookings import (  # noqa: F401  (email_kinds registers on import)
            capacity,
            checks,
            cohort_parts,
            email_kinds,
            reminders,
            samples,
        )
        from bookings.accounts import on_email_confirmed
        from cohorts import extensions
        from cohorts.session_changes import register_attendee_source
        from notifications import previews, scans

        email_confirmed.connect(on_email_confirmed, dispatch_uid="bookings_link_places")
        register_attendee_source("bookings.places", reminders.place_holders)
        previews.add_sample(samples.sample_booking)
        previews.add_sample(samples.sample_waiting_list)
        scans.register("bookings.session_reminders", reminders.scan_session_reminders)
        scans.register("bookings.post_session_notes", reminders.scan_post_session_notes)
        scans.register("bookings.unpaid_invoices", reminders.scan_unpaid_invoices)
        scans.register("bookings.place_invites", reminders.scan_place_invites)
        extensions.register(
            places_left=capacity.places_left,
            participant_check=("bookings.places", cohort_parts.holds_place),
            page_context=("bookings.prices", cohort_parts.cohort_page_context),
            capacity_check=("bookings.places_taken", capacity.check_capacity),
            capacity_service=capacity.change_capacity,
            copy_step=("bookings.prices", cohort_parts.copy_prices),
            listing_prefetch="price_options",
        )
