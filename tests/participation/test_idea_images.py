"""Idea images go through core's image pipeline and are served only while the idea is visible."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from quartier.participation import moderation
from quartier.participation.models import Idea
from tests.images import XBM, bomb_png, image_bytes
from tests.participation.conftest import field_of_action

pytestmark = pytest.mark.django_db
URL = "/mitmachen/ideen/neu/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def propose(client: Any, district: Any, data: bytes, name: str = "IMG_0042.jpg") -> Any:
    return client.post(
        URL,
        {
            "title": "Bücherschrank",
            "text": "In der alten Telefonzelle.",
            "district": district.pk,
            "field_of_action": field_of_action("kultur").pk,
            "image": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "image_alt": "Eine Telefonzelle",
        },
    )


def test_the_image_is_re_encoded_without_gps_under_a_random_private_name(as_user, resident, district_a, tmp_path):
    polyglot = image_bytes("JPEG", exif=True) + b"<html><script>alert(1)</script></html>"
    assert propose(as_user(resident), district_a, polyglot).status_code == 302
    idea = Idea.objects.get()
    assert "IMG_0042" not in str(idea.image.name)
    assert str(idea.image.name).startswith("ideas/")
    stored = (tmp_path / "private" / str(idea.image.name)).read_bytes()
    assert not (tmp_path / "media" / "ideas").exists()
    assert b"<script" not in stored
    assert b"SpyCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif().get_ifd(0x8825)


@pytest.mark.parametrize(
    ("data", "message"),
    [(bomb_png(), "zu viele Bildpunkte"), (XBM, "kein lesbares Bild"), (image_bytes("GIF"), "kein lesbares Bild")],
    ids=["10000x10000-png", "xbm", "gif"],
)
def test_bombs_and_other_formats_are_refused_with_a_clear_message(as_user, resident, district_a, data, message):
    response = propose(as_user(resident), district_a, data, name="bild.png")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Idea.objects.exists()


def test_the_image_is_served_while_the_idea_is_visible_and_gone_once_hidden(
    client, as_user, resident, staff_a, district_a
):
    propose(as_user(resident), district_a, image_bytes("PNG"), name="bild.png")
    idea = Idea.objects.get()
    url = reverse("participation:idea_image", kwargs={"pk": idea.pk})
    assert url in client.get(idea.get_absolute_url()).content.decode()
    shown = client.get(url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert shown["Cache-Control"] == "public, max-age=300"

    moderation.hide(moderator=staff_a, idea=idea, reason="Beleidigend")
    assert client.get(url).status_code == 404
    assert as_user(resident).get(url).status_code == 404
    for_moderator = as_user(staff_a).get(url)
    assert for_moderator.status_code == 200
    assert for_moderator["Cache-Control"] == "private, no-store"


def test_an_idea_without_image_has_no_image_address(client, resident, district_a):
    idea = Idea.objects.create(
        district=district_a, author=resident, title="x", text="y", field_of_action=field_of_action()
    )
    assert client.get(reverse("participation:idea_image", kwargs={"pk": idea.pk})).status_code == 404
