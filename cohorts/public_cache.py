"""Parts of the public pages that change only when staff edit them, cached.

A programme's own text (who it is for, what it covers, how it works, who
facilitates it) and a cohort's session list are rendered once and kept in
the default cache (Redis in production, shared by every web process) until
staff change them. Places left, prices and anything about the visitor are
never cached here.

Invalidation is explicit, in the paths that change what is cached: the
admin's save of a programme or a cohort (sessions are edited inline there)
and the session-change service. Anything else that edits sessions or
programme text must call ``forget_cohort`` / ``forget_programme`` too.
Entries also expire after a day, a bound on any edit made elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe

TIMEOUT = 24 * 60 * 60
# The session list shows joining links to the cohort's participants only.
# Who reads it, and whether the times are still provisional (by application).
SESSION_VARIANTS = (
    "public",
    "participant",
    "public-provisional",
    "participant-provisional",
)


def _programme_key(programme_id: int) -> str:
    return f"cohorts:public:programme-text:{programme_id}"


def _sessions_key(cohort_id: int, variant: str) -> str:
    return f"cohorts:public:sessions:{cohort_id}:{variant}"


def _cached(key: str, render: Callable[[], str]) -> SafeString:
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)


def programme_text(programme_id: int, render: Callable[[], str]) -> SafeString:
    """The programme's descriptive text, rendered by ``render`` on a miss."""
    return _cached(_programme_key(programme_id), render)


def session_list(
    cohort_id: int,
    *,
    participant: bool,
    render: Callable[[], str],
    provisional: bool = False,
) -> SafeString:
    """The cohort's session list (with joining links for ``participant``)."""
    variant = SESSION_VARIANTS[int(participant) + 2 * int(provisional)]
    return _cached(_sessions_key(cohort_id, variant), render)


def _forget(keys: list[str]) -> None:
    # Now, and again after the commit: a page read between the two would
    # otherwise cache what the database held before the change.
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_cohort(*, cohort_id: int) -> None:
    """Call after a cohort's sessions change."""
    _forget([_sessions_key(cohort_id, variant) for variant in SESSION_VARIANTS])


def forget_programme(*, programme_id: int, cohort_ids: Iterable[int] = ()) -> None:
    """Call after a programme's text, facilitators or cohorts change."""
    keys = [_programme_key(programme_id)]
    for cohort_id in cohort_ids:
        keys += [_sessions_key(cohort_id, variant) for variant in SESSION_VARIANTS]
    _forget(keys)
