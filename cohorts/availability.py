"""What the public sees of a cohort: open, fully booked, closed, finished."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.extensions import places_left
from cohorts.models import Cohort


@dataclass(frozen=True)
class CohortState:
    code: str
    label: str
    can_book: bool = False
    can_apply: bool = False
    can_join_waiting_list: bool = False
    places_left: int = 0


def cohort_state(cohort: Cohort, now: dt.datetime | None = None) -> CohortState:
    now = now or timezone.now()
    status = cohort.status
    if status == Cohort.Status.FINISHED:
        return CohortState("finished", _("Finished"))
    if status == Cohort.Status.CANCELLED:
        return CohortState("cancelled", _("Cancelled"))
    if status == Cohort.Status.RUNNING or (
        status == Cohort.Status.OPEN and cohort.has_started(now)
    ):
        return CohortState("running", _("In progress"))
    if status == Cohort.Status.DRAFT:
        return CohortState("draft", _("Draft: not yet published"))
    left = places_left(cohort, now)
    if status == Cohort.Status.FULL or left == 0:
        return CohortState(
            "full", _("Fully booked"), can_join_waiting_list=True, places_left=0
        )
    if cohort.programme.is_by_application:
        return _application_state(cohort, now, left)
    return CohortState("open", _("Open for booking"), can_book=True, places_left=left)


def _application_state(cohort: Cohort, now: dt.datetime, left: int) -> CohortState:
    if cohort.applications_open_at and now < cohort.applications_open_at:
        return CohortState(
            "not_yet_open", _("Applications open soon"), places_left=left
        )
    if cohort.applications_are_open(now):
        return CohortState(
            "applications_open",
            _("Open for applications"),
            can_apply=True,
            places_left=left,
        )
    return CohortState(
        "applications_closed",
        _("Applications closed"),
        can_join_waiting_list=True,
        places_left=left,
    )
