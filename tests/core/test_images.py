"""The one image pipeline every upload goes through (core.images)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from quartier.core.images import MAX_BYTES, ImageUploadField, clean_image
from tests.images import XBM, bomb_png, image_bytes


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_are_re_encoded_with_a_random_name(fmt, extension):
    first = clean_image(upload(image_bytes(fmt), "Mein Foto.x"))
    second = clean_image(upload(image_bytes(fmt), "Mein Foto.x"))
    assert first.name is not None
    assert first.name.endswith(f".{extension}")
    assert "Mein" not in first.name
    assert first.name != second.name
    assert len(first.name) == 32 + 1 + len(extension)
    assert Image.open(io.BytesIO(first.read())).format == fmt


def test_metadata_and_gps_are_stripped():
    original = image_bytes("JPEG", exif=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    cleaned = clean_image(upload(original)).read()
    exif = Image.open(io.BytesIO(cleaned)).getexif()
    assert not exif
    assert not exif.get_ifd(0x8825)
    assert b"SpyCam" not in cleaned


def test_the_orientation_is_applied_to_the_pixels():
    # EXIF orientation 6: the camera was turned; the viewer rotates 90° on display.
    cleaned = clean_image(upload(image_bytes("JPEG", size=(40, 30), orientation=6))).read()
    image = Image.open(io.BytesIO(cleaned))
    assert image.size == (30, 40)
    assert 0x0112 not in image.getexif()


def test_html_appended_to_a_jpeg_is_gone_after_re_encoding():
    polyglot = image_bytes("JPEG") + b"<html><script>alert(document.cookie)</script></html>"
    cleaned = clean_image(upload(polyglot)).read()
    assert b"<script" not in cleaned
    assert b"html" not in cleaned
    assert cleaned.endswith(b"\xff\xd9")  # a JPEG ends with its end-of-image marker, nothing after


def test_a_decompression_bomb_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as refused:
        clean_image(upload(bomb_png(), "bomb.png"))
    assert refused.value.code == "too_many_pixels"
    assert "zu viele Bildpunkte" in refused.value.messages[0]
    assert "40 Megapixel" in refused.value.messages[0]


def test_an_image_just_over_the_pixel_limit_is_refused_before_decoding():
    with pytest.raises(ValidationError, match="zu viele Bildpunkte"):
        clean_image(upload(bomb_png((8000, 5001)), "big.png"))


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        XBM,
        image_bytes("GIF"),
        image_bytes("BMP"),
        image_bytes()[:60],
    ],
    ids=["text", "svg", "xbm", "gif", "bmp", "truncated"],
)
def test_anything_but_jpeg_png_and_webp_is_refused_with_a_clear_message(data):
    with pytest.raises(ValidationError, match="kein lesbares Bild"):
        clean_image(upload(data))


def test_a_file_over_the_size_limit_is_refused():
    big = upload(image_bytes())
    big.size = MAX_BYTES + 1
    with pytest.raises(ValidationError, match="10 MB"):
        clean_image(big)


def test_the_form_field_hands_on_the_re_encoded_file():
    field = ImageUploadField(required=False)
    cleaned = field.clean(upload(image_bytes("JPEG", exif=True), "IMG_0001.jpg"))
    assert b"SpyCam" not in cleaned.read()
    assert field.clean(None) is None
    with pytest.raises(ValidationError):
        field.clean(upload(XBM, "x.xbm"))
