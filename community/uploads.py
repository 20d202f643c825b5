"""What may be uploaded to a library: the content is checked, not just the name.

The first bytes of the file decide its type (``filetype``); the name's
extension must agree with it, so an executable renamed ``slides.pdf`` is
refused. Empty files and files over the limit are refused before anything is
stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import filetype
from django.conf import settings

from community.errors import CommunityError

DEFAULT_MAX_MB = 20

# Detected type -> extensions a file of that type may carry.
ALLOWED = {
    "application/pdf": {".pdf"},
    "application/msword": {".doc"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
        ".docx"
    },
    "application/vnd.ms-powerpoint": {".ppt"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {
        ".pptx"
    },
    "application/vnd.ms-excel": {".xls"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "application/vnd.oasis.opendocument.presentation": {".odp"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
}
ACCEPT = ",".join(sorted({ext for exts in ALLOWED.values() for ext in exts}))
KINDS_IN_WORDS = "PDF, Word, PowerPoint, Excel, OpenDocument or an image"


def max_bytes() -> int:
    return int(getattr(settings, "COMMUNITY_MAX_UPLOAD_MB", DEFAULT_MAX_MB)) * 2**20


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    filename: str


def check_upload(upload) -> CheckedFile:
    """The file's real type and size, or a CommunityError saying what is wrong."""
    size = upload.size or 0
    if size == 0:
        raise CommunityError(
            "The file is empty. Choose a file with content.", field="file"
        )
    limit = max_bytes()
    if size > limit:
        raise CommunityError(
            f"The file is {size / 2**20:.1f} MB; the limit is {limit // 2**20} MB.",
            field="file",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    extension = os.path.splitext(upload.name or "")[1].lower()
    if guess is None or guess.mime not in ALLOWED:
        raise CommunityError(
            f"This file is not a {KINDS_IN_WORDS} file, whatever its name says.",
            field="file",
        )
    if extension not in ALLOWED[guess.mime]:
        raise CommunityError(
            f"The file's content is {guess.extension.upper()} but its name ends "
            f"in {extension or 'nothing'}. Rename it or choose another file.",
            field="file",
        )
    return CheckedFile(
        content_type=guess.mime,
        size=size,
        filename=os.path.basename(upload.name)[:255],
    )
