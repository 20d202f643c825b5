"""The scan registry: periodic scans that find due emails and queue them.

Apps register their scans in ``AppConfig.ready``; beat runs ``scan_all``
every few minutes (``notifications.tasks.scan_reminders``). Nothing is
scheduled as a delayed task: a session that moves is simply found at its new
time, and a scan that runs twice (or in two beat processes at once) records
nothing new because each email's unique key already exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

Scan = Callable[..., int]  # scan(*, now) -> how many emails were queued

_SCANS: dict[str, Scan] = {}


def register(name: str, scan: Scan) -> Scan:
    _SCANS[name] = scan
    return scan


def registered() -> dict[str, Scan]:
    return dict(_SCANS)


def scan_each(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run every registered scan; how many emails each queued, by scan name.

    Each count is what that run recorded itself: runs at the same moment add
    up to the emails queued, never more.
    """
    now = now or timezone.now()
    return {name: scan(now=now) for name, scan in _SCANS.items()}


def scan_all(*, now: dt.datetime | None = None) -> int:
    """Run every registered scan; returns how many emails were queued."""
    return sum(scan_each(now=now).values())
