from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from quartier.inquiries.photos import clean_photo
from tests.inquiries.conftest import image_bytes


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_are_re_encoded_with_a_random_name(fmt, extension):
    cleaned = clean_photo(upload(image_bytes(fmt), "Mein Foto.x"))
    assert cleaned.name.endswith(f".{extension}")
    assert "Mein" not in cleaned.name
    assert Image.open(io.BytesIO(cleaned.read())).format == fmt


def test_metadata_and_gps_are_stripped():
    original = image_bytes("JPEG", exif=True)
    assert Image.open(io.BytesIO(original)).getexif()
    cleaned = clean_photo(upload(original)).read()
    assert not Image.open(io.BytesIO(cleaned)).getexif()
    assert b"SpyCam" not in cleaned


@pytest.mark.parametrize(
    "data",
    [b"not an image at all", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", image_bytes("GIF"), image_bytes()[:60]],
)
def test_anything_else_is_refused_with_a_clear_message(data):
    with pytest.raises(ValidationError, match="kein lesbares Foto"):
        clean_photo(upload(data))


def test_more_than_10_mb_is_refused(settings):
    big = upload(image_bytes())
    big.size = settings.INQUIRY_PHOTO_MAX_BYTES + 1
    with pytest.raises(ValidationError, match="10 MB"):
        clean_photo(big)
