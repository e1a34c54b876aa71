"""The check every funding document passes before it is stored: a PDF or an image in fact (not
by its name or the type the browser claims), no larger than ``FUNDING_DOCUMENT_MAX_MB``.
Images go through the core's image pipeline (re-encoded, metadata dropped); a PDF is stored as
uploaded, under a random name. Files are served for download only (see ``document_response``)."""

from __future__ import annotations

import re
import unicodedata
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from quartier.core.images import CONTENT_TYPES, clean_image
from quartier.core.storage import private_file_response

PDF = "application/pdf"
ACCEPT = ",".join([PDF, *CONTENT_TYPES.values()])
# A PDF starts with its header and ends with %%EOF (some writers add a line break or a few
# bytes after it).
PDF_HEADER = b"%PDF-"
PDF_TAIL_BYTES = 2048


def max_bytes() -> int:
    return int(settings.FUNDING_DOCUMENT_MAX_MB) * 1024 * 1024


def _wrong_type() -> ValidationError:
    return ValidationError(
        _(
            "Diese Datei ist weder ein PDF noch ein Bild. Bitte laden Sie ein PDF oder ein JPEG-, PNG- oder WebP-Bild hoch."
        ),
        code="invalid",
    )


def _is_pdf(upload: Any) -> bool:
    upload.seek(0)
    head = upload.read(len(PDF_HEADER))
    if head != PDF_HEADER:
        return False
    size = upload.size
    upload.seek(max(0, size - PDF_TAIL_BYTES))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def safe_filename(name: str, *, suffix: str) -> str:
    """A download name of letters, digits, dots, dashes and underscores, ending in ``suffix``."""
    stem = PurePosixPath(name.replace("\\", "/")).stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80] or "dokument"
    return f"{stem}.{suffix}"


def check_document(upload: Any) -> tuple[ContentFile[bytes], str, str]:
    """The file to store (random name), its content type and its download name; or a
    ValidationError with a message that says what is wrong."""
    if upload is None:
        raise ValidationError(_("Bitte wählen Sie eine Datei."), code="required")
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß. Erlaubt sind höchstens %(mb)d MB."),
            code="too_large",
            params={"mb": limit // (1024 * 1024)},
        )
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    original = getattr(upload, "name", "") or ""
    if _is_pdf(upload):
        upload.seek(0)
        content = ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf")
        return content, PDF, safe_filename(original, suffix="pdf")
    try:
        image = clean_image(upload, max_bytes=limit)
    except ValidationError as error:
        if error.code == "invalid":
            raise _wrong_type() from error
        raise
    suffix = PurePosixPath(image.name or "").suffix.lstrip(".")
    return image, CONTENT_TYPES[suffix], safe_filename(original, suffix=suffix)


def document_response(document: Any) -> HttpResponseBase:
    """The file for download: its stored type, never sniffed, never cached (on object storage
    a redirect to a signed URL that says the same)."""
    return private_file_response(
        document.file,
        content_type=document.content_type,
        filename=document.filename,
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox; default-src 'none'"},
    )
