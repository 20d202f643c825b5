"""What cohorts asks the apps above it (they answer in ``AppConfig.ready``).

Cohorts knows nothing of bookings: places left, who holds a place, what a
cohort page shows about prices, and how capacity is changed are answered by
whichever app registers here (bookings does). Without one, a cohort has all
its places free, nobody is a participant, and capacity is a plain field.
A registry answers questions; flows stay in the owning app's services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cohorts.models import Cohort

PlacesLeft = Callable[[Cohort, dt.datetime | None], int]
ParticipantCheck = Callable[[Any, Cohort], bool]
PageContext = Callable[[Any, Cohort], dict[str, Any]]
CapacityCheck = Callable[..., None]  # (*, cohort, capacity); raises DomainError
CapacityService = Callable[..., object]  # (*, cohort, capacity, actor)
CopyStep = Callable[..., None]  # (*, source, copy), inside copy_cohort's transaction

_places_left: list[PlacesLeft] = []
_participant_checks: dict[str, ParticipantCheck] = {}
_page_context: dict[str, PageContext] = {}
_capacity_checks: dict[str, CapacityCheck] = {}
_capacity_service: list[CapacityService] = []
_copy_steps: dict[str, CopyStep] = {}
# Related rows higher apps show beside each cohort in a listing (e.g. prices),
# fetched with the cohorts so a listing costs the same for any number of them.
_listing_prefetches: list[str] = []


def register(
    *,
    places_left: PlacesLeft | None = None,
    participant_check: tuple[str, ParticipantCheck] | None = None,
    page_context: tuple[str, PageContext] | None = None,
    capacity_check: tuple[str, CapacityCheck] | None = None,
    capacity_service: CapacityService | None = None,
    copy_step: tuple[str, CopyStep] | None = None,
    listing_prefetch: str | None = None,
) -> None:
    if places_left is not None:
        _places_left[:] = [places_left]
    if participant_check is not None:
        _participant_checks[participant_check[0]] = participant_check[1]
    if page_context is not None:
        _page_context[page_context[0]] = page_context[1]
    if capacity_check is not None:
        _capacity_checks[capacity_check[0]] = capacity_check[1]
    if capacity_service is not None:
        _capacity_service[:] = [capacity_service]
    if copy_step is not None:
        _copy_steps[copy_step[0]] = copy_step[1]
    if listing_prefetch is not None and listing_prefetch not in _listing_prefetches:
        _listing_prefetches.append(listing_prefetch)


def listing_prefetches() -> list[str]:
    return list(_listing_prefetches)


def places_left(cohort: Cohort, now: dt.datetime | None = None) -> int:
    if _places_left:
        return _places_left[0](cohort, now)
    return cohort.capacity


def is_participant(user, cohort: Cohort) -> bool:
    if not user.is_authenticated:
        return False
    return any(check(user, cohort) for check in _participant_checks.values())


def cohort_page_context(user, cohort: Cohort) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provide in _page_context.values():
        context.update(provide(user, cohort))
    return context


def check_capacity(*, cohort: Cohort, capacity: int) -> None:
    """Raise the registered apps' DomainError if ``capacity`` is refused."""
    for check in _capacity_checks.values():
        check(cohort=cohort, capacity=capacity)


def change_capacity(*, cohort: Cohort, capacity: int, actor=None) -> None:
    """Change a cohort's capacity through the owning app's service."""
    if _capacity_service:
        _capacity_service[0](cohort=cohort, capacity=capacity, actor=actor)
        return
    Cohort.objects.filter(pk=cohort.pk).update(capacity=capacity)
    cohort.capacity = capacity


def copy_extras(*, source: Cohort, copy: Cohort) -> None:
    """Let the apps above copy what they own (bookings: the prices)."""
    for step in _copy_steps.values():
        step(source=source, copy=copy)
