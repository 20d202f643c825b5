"""The wording of decision emails: per cohort, editable, with defaults.

Facilitators write plain text with a few placeholders; we replace only those
(no template language), so nothing they type can run code or leak data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import Application, DecisionMessage
from cohorts.models import Cohort
from cop.templatetags.cop_tags import format_when

Kind = DecisionMessage.Kind


@dataclass(frozen=True)
class MessageText:
    subject: str
    body: str


def default_message(kind: str) -> MessageText:
    defaults = {
        Kind.ACCEPTED: MessageText(
            _("You have a place in {programme}"),
            _(
                "Dear {name},\n\nThank you for applying to {programme} "
                "({cohort}). We are delighted to offer you a place in the group.\n\n"
                "The first session is on {first_session}. We look forward to "
                "meeting you."
            ),
        ),
        Kind.WAITLISTED: MessageText(
            _("Your application to {programme}: waiting list"),
            _(
                "Dear {name},\n\nThank you for applying to {programme} "
                "({cohort}). We had more applications than places, so we have "
                "put you on the waiting list. If a place comes up, or we run "
                "another group, we will be in touch straight away."
            ),
        ),
        Kind.DECLINED: MessageText(
            _("Your application to {programme}"),
            _(
                "Dear {name},\n\nThank you for applying to {programme} "
                "({cohort}). We are sorry that we cannot offer you a place "
                "this time. We hope you will apply again for a future group."
            ),
        ),
        Kind.MOVED: MessageText(
            _("Your place in {programme}: {cohort}"),
            _(
                "Dear {name},\n\nDemand for {programme} was high, so we are "
                "running another group. We have given you a place in {cohort}; "
                "the first session is on {first_session}."
            ),
        ),
    }
    return defaults[kind]


def message_for(cohort: Cohort, kind: str) -> MessageText:
    """The cohort's saved wording for ``kind``, or the default."""
    saved = DecisionMessage.objects.filter(cohort=cohort, kind=kind).first()
    if saved:
        return MessageText(saved.subject, saved.body)
    return default_message(kind)


def save_message(cohort: Cohort, kind: str, text: MessageText) -> None:
    DecisionMessage.objects.update_or_create(
        cohort=cohort, kind=kind, defaults={"subject": text.subject, "body": text.body}
    )


def fill(text: str, application: Application, cohort: Cohort) -> str:
    first = cohort.first_session
    values = {
        "{name}": application.applicant.get_full_name() or application.applicant.email,
        "{programme}": cohort.programme.name,
        "{cohort}": cohort.name,
        "{first_session}": format_when(first.starts_at, first.ends_at)
        if first
        else _("a date to be confirmed"),
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text
