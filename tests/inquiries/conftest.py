"""Inquiry tests: photos in a temporary directory, tasks run at once, one category ready."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests import factories


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    """Run django-tasks at once (after commit), so that mail.outbox shows what the worker would send."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def category(db):  # type: ignore[no-untyped-def]
    return factories.make_category("Spielplätze", code="spielplatz")


@pytest.fixture
def inquiry_a(district_a, category):  # type: ignore[no-untyped-def]
    return factories.make_inquiry(district_a, category)


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (40, 30), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    output = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam"  # Make
        data[0x8825] = {1: "N", 2: (50.0, 53.0, 0.0), 3: "E", 4: (7.0, 52.0, 0.0)}  # GPS
        image.save(output, format=fmt, exif=data.tobytes())
    else:
        image.save(output, format=fmt)
    return output.getvalue()
