"""Selection: the facilitator's decisions on applications.

Accepting gives a place, so it follows the booking rule: lock the cohort row,
then count, inside one transaction. A batch is all or nothing: if the
cohort cannot take everyone chosen, nobody is accepted and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from applications.errors import ApplicationError
from applications.messages import MessageText, fill, message_for, save_message
from applications.models import Application
from applications.places import give_place, release_place
from bookings.capacity import CohortFull, ensure_places_left, lock_cohort
from cohorts.models import Cohort
from cohorts.services import copy_cohort
from cop.audit import record
from notifications.services import notify

S = Application.Status

# Which statuses each decision may be made from.
ALLOWED_FROM: dict[str, set[str]] = {
    S.SHORTLISTED: {S.SUBMITTED, S.WAITLISTED},
    S.ACCEPTED: {S.SUBMITTED, S.SHORTLISTED, S.WAITLISTED},
    S.WAITLISTED: {S.SUBMITTED, S.SHORTLISTED},
    S.DECLINED: {S.SUBMITTED, S.SHORTLISTED, S.WAITLISTED},
    S.WITHDRAWN: {S.DRAFT, S.SUBMITTED, S.SHORTLISTED, S.WAITLISTED, S.ACCEPTED},
}
EMAILED = {S.ACCEPTED, S.WAITLISTED, S.DECLINED}
VERBS = {
    S.SHORTLISTED: _lazy("shortlisted"),
    S.ACCEPTED: _lazy("accepted"),
    S.WAITLISTED: _lazy("put on the waiting list"),
    S.DECLINED: _lazy("declined"),
}


def decide(
    *,
    cohort_id: int,
    application_ids: Iterable[int],
    decision: str,
    actor,
    message: MessageText | None = None,
) -> list[Application]:
    """Move the chosen applications of one cohort to ``decision``.

    ``message`` is the facilitator's edited wording; it is saved as the
    cohort's wording for that decision and used for every email in the batch.
    """
    if decision not in ALLOWED_FROM or decision == S.WITHDRAWN:
        raise ValueError(f"Not a decision: {decision}")
    ids = sorted(set(application_ids))
    with transaction.atomic():
        cohort = lock_cohort(cohort_id)
        applications = _lock_applications(cohort, ids)
        _check_transitions(applications, decision)
        if decision == S.ACCEPTED:
            _ensure_room(cohort, len(applications))
        if message is not None and decision in EMAILED:
            save_message(cohort, decision, message)
        text = message_for(cohort, decision) if decision in EMAILED else None
        now = timezone.now()
        for application in applications:
            old = application.status
            application.status = decision
            application.decided_at = now
            if decision == S.ACCEPTED:
                application.place = give_place(
                    cohort=cohort, applicant=application.applicant
                )
            application.save(update_fields=["status", "decided_at", "place"])
            record(
                f"applications.application.{decision}",
                application,
                actor=actor,
                old=old,
                new=decision,
            )
            if text is not None:
                send_decision(application, cohort, decision, text)
    return applications


def withdraw(*, application_id: int, actor, by_applicant: bool = False) -> Application:
    """Withdraw an application; an accepted applicant's place is released."""
    with transaction.atomic():
        application = Application.objects.select_related("cohort").get(
            pk=application_id
        )
        lock_cohort(application.cohort_id)
        application = Application.objects.select_for_update().get(pk=application_id)
        allowed = ALLOWED_FROM[S.WITHDRAWN]
        if by_applicant:
            allowed = allowed - {S.ACCEPTED}
        if application.status not in allowed:
            raise ApplicationError(
                _("This application is %(status)s and cannot be withdrawn.")
                % {"status": application.get_status_display().lower()}
            )
        old = application.status
        release_place(application.place, actor=actor)
        application.status = S.WITHDRAWN
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at"])
        record(
            "applications.application.withdrawn",
            application,
            actor=actor,
            old=old,
            by_applicant=by_applicant,
        )
    return application


def move_to_cohort(
    *,
    source_cohort_id: int,
    target_cohort_id: int,
    application_ids: Iterable[int],
    actor,
    message: MessageText | None = None,
) -> list[Application]:
    """Run another group: give the chosen applicants places in ``target``.

    Accepted applicants give up their place in the source cohort; waitlisted
    ones are accepted into the target. The target's capacity is checked
    under its lock, as for any acceptance.
    """
    if source_cohort_id == target_cohort_id:
        raise ApplicationError(_("Choose a different cohort for the new group."))
    ids = sorted(set(application_ids))
    with transaction.atomic():
        # Lock in id order so two moves between the same cohorts cannot deadlock.
        locked = {
            pk: lock_cohort(pk) for pk in sorted([source_cohort_id, target_cohort_id])
        }
        source, target = locked[source_cohort_id], locked[target_cohort_id]
        _check_target(source, target)
        applications = _lock_applications(source, ids)
        wrong = [a for a in applications if a.status not in {S.ACCEPTED, S.WAITLISTED}]
        if wrong:
            raise ApplicationError(
                _("Only accepted or waitlisted applicants can move: %(names)s.")
                % {"names": _names(wrong)}
            )
        clash = Application.objects.filter(
            cohort=target, applicant__in=[a.applicant_id for a in applications]
        )
        if clash.exists():
            raise ApplicationError(
                _("Already applied to %(cohort)s: %(names)s.")
                % {"cohort": target.name, "names": _names(clash)}
            )
        _ensure_room(target, len(applications))
        if message is not None:
            save_message(target, "moved", message)
        text = message_for(target, "moved")
        now = timezone.now()
        for application in applications:
            release_place(application.place, actor=actor)
            application.cohort = target
            old = application.status
            application.status = S.ACCEPTED
            application.decided_at = now
            application.place = give_place(
                cohort=target, applicant=application.applicant
            )
            application.save(update_fields=["cohort", "status", "decided_at", "place"])
            record(
                "applications.application.moved",
                application,
                actor=actor,
                old=old,
                source=source.pk,
                target=target.pk,
            )
            send_decision(application, target, "moved", text)
    return applications


def save_reviewer_notes(*, application_id: int, notes: str, actor) -> None:
    """Keep the reviewers' private notes on an application, audited."""
    with transaction.atomic():
        Application.objects.filter(pk=application_id).update(reviewer_notes=notes)
        application = Application.objects.get(pk=application_id)
        record("applications.application.noted", application, actor=actor)


def run_another_group(
    *,
    source_cohort_id: int,
    application_ids: Iterable[int],
    actor,
    message: MessageText | None = None,
    target_cohort_id: int | None = None,
    new_name: str = "",
    new_slug: str = "",
) -> tuple[Cohort, list[Application]]:
    """Move the chosen applicants to another cohort, copying one if needed.

    With no ``target_cohort_id`` the source cohort is copied (as a draft,
    same dates, sessions and prices) under ``new_name`` / ``new_slug``. The
    copy and the move are one transaction: if the move is refused (no room,
    a clash, a wrong status) the copy is not left behind either.
    """
    with transaction.atomic():
        if target_cohort_id is None:
            source = Cohort.objects.get(pk=source_cohort_id)
            target_cohort_id = copy_cohort(
                cohort=source, name=new_name, slug=new_slug, shift_weeks=0
            ).pk
        moved = move_to_cohort(
            source_cohort_id=source_cohort_id,
            target_cohort_id=target_cohort_id,
            application_ids=application_ids,
            actor=actor,
            message=message,
        )
        target = Cohort.objects.select_related("programme").get(pk=target_cohort_id)
    return target, moved


def _check_target(source: Cohort, target: Cohort) -> None:
    if target.programme_id != source.programme_id:
        raise ApplicationError(
            _("The new group must be a cohort of the same programme.")
        )
    if target.status in {Cohort.Status.CANCELLED, Cohort.Status.FINISHED}:
        raise ApplicationError(
            _("%(cohort)s is %(status)s.")
            % {"cohort": target.name, "status": target.get_status_display().lower()}
        )


def _lock_applications(cohort: Cohort, ids: list[int]) -> list[Application]:
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, cohort=cohort)
        .select_related("applicant", "applicant__organisation", "place")
        .order_by("pk")
    )
    if len(applications) != len(ids) or not ids:
        raise ApplicationError(
            _("Choose applications to this cohort only; some were not found.")
        )
    return applications


def _check_transitions(applications: list[Application], decision: str) -> None:
    wrong = [a for a in applications if a.status not in ALLOWED_FROM[decision]]
    if wrong:
        raise ApplicationError(
            _("These applications cannot be %(decision)s: %(names)s. Nothing changed.")
            % {"decision": VERBS[decision], "names": _names(wrong)}
        )


def _ensure_room(cohort: Cohort, wanted: int) -> None:
    try:
        ensure_places_left(cohort, wanted)
    except CohortFull as full:
        raise ApplicationError(
            _("%(reason)s You chose %(wanted)d. Nothing changed.")
            % {"reason": str(full), "wanted": wanted}
        ) from None


def _names(applications) -> str:
    return ", ".join(
        f"{a.applicant} ({a.get_status_display().lower()})" for a in applications
    )


def send_decision(
    application: Application, cohort: Cohort, kind: str, text: MessageText
) -> None:
    notify(
        kind=f"applications_{kind}",
        to=application.applicant.email,
        context={
            "application": application,
            "cohort": cohort,
            "programme": cohort.programme,
            "subject": fill(text.subject, application, cohort),
            "body": fill(text.body, application, cohort),
            "sessions": list(cohort.sessions.order_by("starts_at")),
            "place": application.place,
            "application_url": settings.SITE_URL
            + reverse("applications:detail", args=[application.pk]),
        },
        about=application,
        user=application.applicant,
        cohort=cohort,
    )
