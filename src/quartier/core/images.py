"""One pipeline for every uploaded image: proven to be an image by decoding, limited in size,
JPEG/PNG/WebP only, re-encoded with its orientation applied and without any metadata, and
stored under a random name.

Re-encoding drops EXIF (GPS position and camera included), XMP, ICC and text chunks and
anything appended to the file (HTML after a JPEG, a ZIP after a PNG). Model fields use
`ImageField` below, so every form and the admin run the pipeline.
"""

from __future__ import annotations

import io
import uuid
import warnings
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from quartier.core.storage import private_file_response

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
ACCEPT = ",".join(CONTENT_TYPES.values())
MAX_BYTES = 10 * 1024 * 1024
# Against decompression bombs: a tiny file can claim a huge canvas. 40 megapixels is more
# than any phone camera takes; larger images are refused before their pixels are decoded.
MAX_PIXELS = 40_000_000
# Stored images are scaled down to this edge: plenty for a page, far less disk.
MAX_EDGE = 3000

_UNREADABLE = _("Diese Datei ist kein lesbares Bild. Bitte laden Sie ein JPEG-, PNG- oder WebP-Bild hoch.")


def clean_image(upload: Any, *, max_bytes: int = MAX_BYTES) -> ContentFile[bytes]:
    """Return the image re-encoded as a new file with a random name, or raise ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("Das Bild ist zu groß. Erlaubt sind höchstens %(mb)d MB."),
            code="too_large",
            params={"mb": max_bytes // (1024 * 1024)},
        )
    refused = ValidationError(_UNREADABLE, code="invalid")
    too_many_pixels = ValidationError(
        _("Das Bild hat zu viele Bildpunkte. Erlaubt sind höchstens 40 Megapixel, zum Beispiel 8000 × 5000."),
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            probe = Image.open(upload)  # reads the header only
            fmt = probe.format
            if fmt not in FORMATS:
                raise refused
            if probe.width * probe.height > MAX_PIXELS:
                raise too_many_pixels
            probe.verify()  # checks the structure; the image must be opened again afterwards
            upload.seek(0)
            image: Image.Image = Image.open(upload)
            image.load()
            image = ImageOps.exif_transpose(image) or image
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own check in Image.open, for canvases even larger than ours.
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise refused from error
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    if fmt == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA")
    output = io.BytesIO()
    # A fresh save writes no EXIF, XMP, ICC or text chunks unless asked to.
    image.save(output, format=fmt, quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[fmt]}")


def reencode_stored(name: str, *, source: Storage, target: Storage, folder: str) -> str:
    """Run an image stored before the pipeline existed through it (for data migrations):
    returns the new name in `target` under `folder`, or "" when the file is missing or no
    image the pipeline accepts. The old file is deleted either way."""
    if not name or not source.exists(name):
        return ""
    with source.open(name, "rb") as stored:
        try:
            cleaned = clean_image(stored, max_bytes=50 * MAX_BYTES)
        except ValidationError:
            cleaned = None
    new = target.save(folder + (cleaned.name or ""), cleaned) if cleaned is not None else ""
    source.delete(name)
    return new


def image_response(file: FieldFile, *, cache_control: str) -> HttpResponseBase:
    """Serve a stored private image from a view that has checked who may see it (streamed
    with ``cache_control``, or a redirect to a signed URL on object storage)."""
    suffix = PurePosixPath(file.name or "").suffix.lstrip(".").lower()
    return private_file_response(
        file,
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        headers={"Cache-Control": cache_control, "X-Content-Type-Options": "nosniff"},
    )


class ImageUploadField(forms.FileField):
    """A form field whose cleaned value is the re-encoded image (see `clean_image`)."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def __init__(self, *, max_bytes: int = MAX_BYTES, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload, max_bytes=self.max_bytes)


class ImageField(models.ImageField):
    """An image column whose form field (in every form and the admin) runs the pipeline;
    `max_upload_bytes` limits the file as uploaded."""

    def __init__(self, *args: Any, max_upload_bytes: int = MAX_BYTES, **kwargs: Any) -> None:
        self.max_upload_bytes = max_upload_bytes
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.max_upload_bytes != MAX_BYTES:
            kwargs["max_upload_bytes"] = self.max_upload_bytes
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": ImageUploadField, "max_bytes": self.max_upload_bytes, **kwargs})
