"""Photos from residents: proven to be images by decoding, re-encoded without any metadata."""

from __future__ import annotations

import io
import uuid
import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
MAX_PIXELS = 40_000_000
MAX_EDGE = 3000


def clean_photo(upload: Any) -> ContentFile:
    """Return the photo re-encoded as a new file with a random name, or raise ValidationError.

    Re-encoding drops EXIF (GPS included), XMP, text chunks and anything appended to
    the file; the orientation stored in EXIF is applied to the pixels first.
    """
    if upload.size > settings.INQUIRY_PHOTO_MAX_BYTES:
        raise ValidationError(_("Das Foto ist zu groß. Erlaubt sind höchstens 10 MB."), code="too_large")
    refused = ValidationError(
        _("Diese Datei ist kein lesbares Foto. Bitte laden Sie ein JPEG-, PNG- oder WebP-Bild hoch."),
        code="invalid",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            image: Image.Image = Image.open(upload)
            fmt = image.format
            if fmt not in FORMATS or image.width * image.height > MAX_PIXELS:
                raise refused
            image.load()
            image = ImageOps.exif_transpose(image) or image
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise refused from error
    except Image.DecompressionBombWarning as error:
        raise refused from error
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    if fmt == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA")
    output = io.BytesIO()
    # A fresh save writes no EXIF, XMP or text chunks unless asked to.
    image.save(output, format=fmt, quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[fmt]}")
