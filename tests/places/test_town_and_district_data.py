from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.forms import modelform_factory
from django.utils.datastructures import MultiValueDict
from PIL import Image

from quartier.places.models import Town, validate_outline

TownForm = modelform_factory(Town, fields=["name", "logo", "primary_color", "latitude", "longitude"])
VALID = {"name": "Freudenberg", "primary_color": "#1a4f8b", "latitude": "50.9", "longitude": "7.87"}


def png(size: tuple[int, int] = (64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "darkred").save(buffer, format="PNG")
    return buffer.getvalue()


def _files(logo: SimpleUploadedFile) -> MultiValueDict[str, UploadedFile]:
    return MultiValueDict({"logo": [logo]})


def test_town_form_accepts_a_small_image(db):
    form = TownForm(VALID, _files(SimpleUploadedFile("wappen.png", png(), content_type="image/png")))
    assert form.is_valid(), form.errors


def test_town_form_refuses_a_file_that_is_not_an_image(db):
    form = TownForm(VALID, _files(SimpleUploadedFile("wappen.png", b"%PDF-1.4 not an image", content_type="image/png")))
    assert not form.is_valid()
    assert "logo" in form.errors


def test_town_form_refuses_an_oversized_logo(db):
    big = png() + b"\0" * (2 * 1024 * 1024)
    form = TownForm(VALID, _files(SimpleUploadedFile("wappen.png", big, content_type="image/png")))
    assert not form.is_valid()
    assert "zu groß" in str(form.errors["logo"])


def test_town_colour_must_stay_readable(db):
    form = TownForm({**VALID, "primary_color": "#ffff66"})
    assert not form.is_valid()
    assert "zu hell" in str(form.errors["primary_color"])


def test_there_is_only_one_town(db):
    Town(name="Erste").save()
    Town(name="Zweite").save()
    assert Town.objects.count() == 1
    town = Town.load()
    assert town is not None
    assert town.name == "Zweite"


@pytest.mark.parametrize(
    "outline",
    [
        {"type": "Polygon", "coordinates": [[[7.8, 50.8], [7.9, 50.8], [7.9, 50.9], [7.8, 50.8]]]},
        {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": []}},
    ],
)
def test_valid_outlines(outline):
    validate_outline(outline)


@pytest.mark.parametrize(
    "outline", [{"type": "Point", "coordinates": [7.8, 50.8]}, "Polygon", [1, 2], {"type": "Polygon"}]
)
def test_invalid_outlines_are_refused(outline):
    with pytest.raises(ValidationError, match="GeoJSON"):
        validate_outline(outline)
