"""Receipt uploads: PDF or image, checked by their content, not their name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def max_bytes() -> int:
    return int(settings.EXPENSE_RECEIPT_MAX_BYTES)


def check_receipt(upload: UploadedFile) -> str:
    """Return the real content type, or raise ValidationError with a clear reason."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The receipt is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": _mb(upload.size), "limit": _mb(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("The receipt file is empty."))
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    content_type = _image_type(upload)
    upload.seek(0)
    if content_type:
        return content_type
    raise ValidationError(_("Upload the receipt as a PDF, JPEG, PNG or WebP file."))


def _image_type(upload: UploadedFile) -> str | None:
    try:
        with Image.open(upload) as image:
            image.verify()
            return IMAGE_TYPES.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    except Image.DecompressionBombError:
        return None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")
