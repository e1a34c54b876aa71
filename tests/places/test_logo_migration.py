"""A coat of arms uploaded before the image pipeline is re-encoded by the migration."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image

from quartier.places.models import Town
from tests.images import image_bytes

BEFORE = [("places", "0003_staffnotice")]


@pytest.mark.django_db(transaction=True)
def test_an_old_coat_of_arms_loses_its_metadata_and_name(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "town").mkdir()
    (tmp_path / "town" / "wappen-gps.jpg").write_bytes(image_bytes("JPEG", exif=True))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_town = executor.loader.project_state(BEFORE).apps.get_model("places", "Town")
    old_town.objects.update_or_create(pk=1, defaults={"name": "Freudenberg", "logo": "town/wappen-gps.jpg"})

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    logo = str(Town.objects.get(pk=1).logo.name)
    assert logo.startswith("town/")
    assert "wappen" not in logo
    stored = (tmp_path / logo).read_bytes()
    assert b"SpyCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert not (tmp_path / "town" / "wappen-gps.jpg").exists()
