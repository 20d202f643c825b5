"""The kinds registry: which emails exist and which of them are optional.

Each app registers the kinds it sends (in its ``AppConfig.ready``), saying
whether each is optional. Optional emails carry an unsubscribe link and are
skipped for people who used it; everything else is always sent (booking
confirmations, invites for a booked place, waiting-list offers, invoices and
certificates: people need them). The kind is also the template name under
``templates/emails/``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    optional: bool = False
    label: object = ""  # str or a lazy translation


_KINDS: dict[str, Kind] = {}


def register(name: str, *, optional: bool = False, label: object = "") -> str:
    """Declare a kind of email; returns its name so apps can keep a constant."""
    _KINDS[name] = Kind(name=name, optional=optional, label=label)
    return name


def registered() -> dict[str, Kind]:
    return dict(_KINDS)


def is_optional(kind: str) -> bool:
    found = _KINDS.get(kind)
    return bool(found and found.optional)


def label(kind: str) -> str:
    found = _KINDS.get(kind)
    return str(found.label) if found and found.label else ""
