"""Who may book as a member of an organisation.

Anyone can say they work for a council; member prices, free places and
invoices addressed to the organisation are for people whose link to it is
confirmed: by staff (or the organisation's contact), or by a verified email
address at one of the organisation's domains.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress

from cop.models import Organisation, User


def domain_confirms(organisation: Organisation, email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in organisation.domains


def refresh_confirmation(user: User) -> bool:
    """Confirm the user's organisation if a verified address proves it.

    Never withdraws a confirmation given by staff; changing organisation
    (see ``change_organisation``) is what clears it.
    """
    if user.organisation is None or user.organisation_confirmed:
        return user.organisation_confirmed
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    if any(domain_confirms(user.organisation, email) for email in verified):
        user.organisation_confirmed = True
        user.save(update_fields=["organisation_confirmed"])
    return user.organisation_confirmed


def change_organisation(user: User, organisation: Organisation | None) -> None:
    """Set a new organisation, unconfirmed until proven again. Caller saves."""
    if organisation != user.organisation:
        user.organisation = organisation
        user.organisation_confirmed = False
        user.is_organisation_contact = False


def may_book_as(user, organisation_id: int | None) -> bool:
    """True if ``user`` is a confirmed member of that organisation.

    The one test for member prices, invoices to the organisation and private
    (bespoke) cohorts; anonymous visitors are members of nothing.
    """
    return (
        organisation_id is not None
        and getattr(user, "is_authenticated", False)
        and organisation_id == user.organisation_id
        and user.organisation_confirmed
    )


def is_contact_for(user, organisation_id: int | None) -> bool:
    """True if ``user`` is the confirmed booking contact of that organisation."""
    return bool(
        may_book_as(user, organisation_id)
        and getattr(user, "is_organisation_contact", False)
    )


def verified_at_domains(user: User, organisation: Organisation) -> bool:
    """Whether one of the user's verified addresses is at the organisation's domains."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return any(domain_confirms(organisation, email) for email in verified)


def confirm_colleague(user: User, organisation: Organisation) -> bool:
    """A contact confirms a colleague: only one with a verified address at one
    of the organisation's domains (so a contact cannot vouch for outsiders).
    Returns whether the colleague is now confirmed. Caller audits."""
    if user.organisation_id != organisation.pk:
        return False
    if user.organisation_confirmed:
        return True
    if not verified_at_domains(user, organisation):
        return False
    user.organisation_confirmed = True
    user.save(update_fields=["organisation_confirmed"])
    return True


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    """allauth hook: a verified work address may confirm the organisation."""
    refresh_confirmation(email_address.user)
