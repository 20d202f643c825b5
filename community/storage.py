"""Where uploaded resources live: a private folder, never under MEDIA_URL.

Files are read back only through ``community.views.download_resource``, which
checks that the person may see the space first. ``url()`` is refused so that
no template can link to a file directly by mistake.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> Path:
    """``COMMUNITY_FILES_ROOT``, or a folder beside (not inside) MEDIA_ROOT."""
    configured = getattr(settings, "COMMUNITY_FILES_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).parent / "private-files"


class PrivateStorage(FileSystemStorage):
    """Reads its folder from settings each time (tests change MEDIA_ROOT)."""

    @property
    def base_location(self):  # type: ignore[override]
        return str(private_root())

    @property
    def location(self):  # type: ignore[override]
        return str(private_root().resolve())

    def url(self, name):
        # Files are served through a view that checks membership, never here.
        raise ValueError("Private files have no public URL.")


def private_storage() -> PrivateStorage:
    return _STORAGE


_STORAGE = PrivateStorage()
