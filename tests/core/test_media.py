"""Public uploads answer with DEBUG off, as in production (no proxy needed)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.core.files.base import ContentFile

from tests import factories
from tests.images import image_bytes


def test_the_coat_of_arms_answers_with_debug_off(client, settings, tmp_path, db):
    assert django_settings.DEBUG is False
    settings.MEDIA_ROOT = tmp_path
    town = factories.make_town(name="Freudenberg")
    town.logo.save("wappen.png", ContentFile(image_bytes("PNG")), save=True)
    page = client.get("/")
    assert town.logo.url in page.content.decode()
    response = client.get(town.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == (tmp_path / town.logo.name).read_bytes()
    assert response["Cache-Control"] == "public, max-age=86400"


def test_only_images_below_the_media_root_are_served(client, settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "notes.html").write_text("<script>alert(1)</script>")
    (tmp_path / "secret.png").write_bytes(image_bytes("PNG"))
    assert client.get("/media/notes.html").status_code == 404
    for outside in ("/media/../secret.png", "/media/%2e%2e/secret.png"):
        assert client.get(outside).status_code in {400, 404}
    assert client.get("/media/fehlt.png").status_code == 404
