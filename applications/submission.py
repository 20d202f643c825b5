"""Applying: drafts and submission, open only between opening and the deadline.

The deadline is a moment (stored in UTC, set and shown as Europe/London wall
time); an application saved at the deadline itself is too late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.availability import time_options
from applications.errors import ApplicationError
from applications.models import Application, ApplicationAnswer
from cohorts import questions
from cohorts.models import Cohort, Question
from cop.audit import record
from cop.templatetags.cop_tags import format_when
from notifications.services import notify

ANSWER_FIELDS = [
    "motivation",
    "hopes",
    "challenge",
    "role",
    "organisation_name",
    "organisation_supports",
    "preferred_days",
    "preferred_times",
]


def closed_reason(cohort: Cohort, now: dt.datetime | None = None) -> str | None:
    """Why applications cannot be made or changed now; None when they can."""
    now = now or timezone.now()
    if not cohort.programme.is_by_application:
        return _("This programme is booked directly, not by application.")
    if cohort.applications_are_open(now):
        return None
    if cohort.status != Cohort.Status.OPEN or not cohort.application_deadline:
        return _("This cohort is not taking applications.")
    if cohort.applications_open_at and now < cohort.applications_open_at:
        return _("Applications open on %(when)s (UK time).") % {
            "when": format_when(cohort.applications_open_at)
        }
    return _(
        "The application deadline was %(when)s (UK time). Applications for this "
        "cohort are now closed."
    ) % {"when": format_when(cohort.application_deadline)}


def missing_answers(application: Application) -> list[str]:
    """Labels of the answers a submitted application must have."""
    missing = []
    for name in ["motivation", "hopes", "challenge", "role"]:
        if not getattr(application, name):
            missing.append(str(Application._meta.get_field(name).verbose_name))
    if not application.organisation_supports:
        missing.append(_("confirmation that your organisation supports you"))
    if not application.preferred_days:
        missing.append(_("preferred days"))
    if not application.preferred_times:
        missing.append(_("preferred times of day"))
    return missing


def save_application(
    *,
    cohort: Cohort,
    applicant,
    answers: dict[str, Any],
    submit: bool,
    question_answers: dict[int, Any] | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Create or update the applicant's application; submit it if asked.

    ``question_answers`` (``{question_id: value}``) answer staff's own
    questions (``cohorts.questions``); a draft keeps whatever was given, a
    submission needs every required one. Refuses (changing nothing) outside
    the application window, once a decision has been made, when a
    submission lacks an answer, or for an answer of the wrong type.
    """
    now = now or timezone.now()
    reason = closed_reason(cohort, now)
    if reason:
        raise ApplicationError(reason)
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not an application answer: {sorted(unknown)}")
    _check_availability(cohort, answers)
    asked = list(questions.questions_for(cohort, Question.Form.APPLICATION))
    try:
        custom = questions.check_answers(asked, question_answers or {}, require=submit)
    except questions.AnswerError as error:
        raise ApplicationError(error.message, field=error.field) from None
    try:
        with transaction.atomic():
            application = _fetch_or_start(cohort, applicant)
            first_submission = submit and application.submitted_at is None
            for name, value in answers.items():
                setattr(application, name, value)
            if submit:
                missing = missing_answers(application)
                if missing:
                    raise ApplicationError(
                        _("Please complete: %(missing)s.")
                        % {"missing": ", ".join(missing)}
                    )
                application.status = Application.Status.SUBMITTED
                application.submitted_at = application.submitted_at or now
            application.save()
            if question_answers is not None:
                _save_question_answers(application, asked, custom)
            record(
                "applications.application.submitted"
                if first_submission
                else "applications.application.saved",
                application,
                actor=applicant,
                status=application.status,
            )
            if first_submission:
                _send_received(application)
    except IntegrityError:
        # Two first saves raced (a double click): the other one won.
        raise ApplicationError(
            _("You already have an application for this cohort.")
        ) from None
    return application


def _save_question_answers(
    application: Application, asked: list[Question], custom: dict[int, Any]
) -> None:
    """Replace the answers to the questions asked (unanswered ones removed)."""
    application.answers.filter(question__in=asked).exclude(
        question_id__in=custom
    ).delete()
    for question_id, value in custom.items():
        ApplicationAnswer.objects.update_or_create(
            application=application, question_id=question_id, defaults={"value": value}
        )


def _fetch_or_start(cohort: Cohort, applicant) -> Application:
    application = (
        Application.objects.select_for_update()
        .filter(cohort=cohort, applicant=applicant)
        .first()
    )
    if application is None:
        return Application(
            cohort=cohort,
            applicant=applicant,
            organisation_name=getattr(applicant.organisation, "name", ""),
        )
    if not application.is_editable_status:
        raise ApplicationError(
            _("Your application is %(status)s and can no longer be changed.")
            % {"status": application.get_status_display().lower()}
        )
    return application


def _check_availability(cohort: Cohort, answers: dict[str, Any]) -> None:
    days = answers.get("preferred_days", [])
    times = answers.get("preferred_times", [])
    valid_times = {option.code for option in time_options(cohort)}
    if any(d not in range(7) for d in days) or any(t not in valid_times for t in times):
        raise ApplicationError(_("Choose days and times from the lists offered."))


def _send_received(application: Application) -> None:
    cohort = application.cohort
    notify(
        kind="applications_received",
        to=application.applicant.email,
        context={
            "application": application,
            "cohort": cohort,
            "programme": cohort.programme,
            "application_url": settings.SITE_URL
            + reverse("applications:detail", args=[application.pk]),
        },
        about=application,
        user=application.applicant,
        cohort=cohort,
    )
