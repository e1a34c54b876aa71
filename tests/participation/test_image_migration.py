"""Idea images uploaded before the pipeline move out of MEDIA_ROOT, re-encoded without GPS."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quartier.participation.models import Idea
from tests import factories
from tests.images import image_bytes
from tests.participation.conftest import field_of_action

BEFORE = [("participation", "0002_move_surveys")]


@pytest.mark.django_db(transaction=True)
def test_existing_idea_images_become_private_and_lose_their_metadata(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "media" / "ideas").mkdir(parents=True)
    (tmp_path / "media" / "ideas" / "urlaub.jpg").write_bytes(image_bytes("JPEG", exif=True))
    (tmp_path / "media" / "ideas" / "kaputt.jpg").write_bytes(b"<html>kein Bild</html>")
    district = factories.make_district()
    author = factories.make_user()
    topic = field_of_action()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_idea = executor.loader.project_state(BEFORE).apps.get_model("participation", "Idea")
    fields = {"district_id": district.pk, "author_id": author.pk, "field_of_action_id": topic.pk, "text": "x"}
    photo = old_idea.objects.create(title="Foto", image="ideas/urlaub.jpg", **fields)
    broken = old_idea.objects.create(title="Kaputt", image="ideas/kaputt.jpg", **fields)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Idea.objects.get(pk=photo.pk)
    assert str(moved.image.name).startswith("ideas/")
    assert "urlaub" not in str(moved.image.name)
    stored = (tmp_path / "private" / str(moved.image.name)).read_bytes()
    assert b"SpyCam" not in stored
    assert not Idea.objects.get(pk=broken.pk).image
    assert list((tmp_path / "media" / "ideas").iterdir()) == []
