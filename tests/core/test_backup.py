"""Backup and restore: the restore drill (demo town → backup → restore into a fresh data
directory and database → equal row counts and checksums → the restored site serves its
pages) on SQLite and, with DATABASE_URL pointing there, on PostgreSQL; refusals and a
tampered archive."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.test import Client

from quartier.core import registry
from quartier.core.backup import (
    MANIFEST,
    create_backup,
    file_checksums,
    prune_backups,
    scheduled_backup,
    table_counts,
    verify_installation,
)
from quartier.places.models import District
from tests import factories
from tests.images import image_bytes


def _use_data_dir(settings, root: Path) -> None:
    settings.DATA_DIR = root
    settings.MEDIA_ROOT = root / "media"
    settings.PRIVATE_MEDIA_ROOT = root / "private"
    root.mkdir(parents=True, exist_ok=True)


def _add_files(settings) -> None:
    """Public media and private files the way the site keeps them: nested, random and
    non-ASCII names, binary content."""
    (settings.MEDIA_ROOT / "town").mkdir(parents=True)
    (settings.MEDIA_ROOT / "town" / "wappen-freudenberg.jpg").write_bytes(image_bytes())
    (settings.PRIVATE_MEDIA_ROOT / "inquiries" / "2026").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "inquiries" / "2026" / "schlagloch-büschergrund.jpg").write_bytes(
        image_bytes("PNG", size=(20, 20))
    )
    (settings.PRIVATE_MEDIA_ROOT / "ideas").mkdir()
    (settings.PRIVATE_MEDIA_ROOT / "ideas" / "leer.txt").write_bytes(b"")


@contextmanager
def fresh_database(data_dir: Path) -> Iterator[None]:
    """Point the default connection at a new, empty database of the same system while the
    block runs: an SQLite file in the data directory, or a new PostgreSQL database (dropped
    afterwards). The test's own database is left as it is."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    created = None
    if original.vendor == "postgresql":
        created = f"quartier_drill_{uuid.uuid4().hex[:12]}"
        admin = type(original)(dict(original.settings_dict), "default")  # autocommit, outside the test's transaction
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{created}"')
        settings_dict["NAME"] = created
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        settings_dict["NAME"] = str(data_dir / "quartier.sqlite3")
    fresh = type(original)(settings_dict, "default")
    connections["default"] = fresh
    try:
        yield
    finally:
        fresh.close()
        connections["default"] = original
        if created:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
            admin.close()


@pytest.mark.django_db
def test_restore_drill_demo_town_comes_back_equal_and_serves_its_pages(settings, tmp_path):
    # An installation as it runs: its own database, migrated, with the demo town and files.
    _use_data_dir(settings, tmp_path / "before")
    with fresh_database(tmp_path / "before"):
        call_command("migrate", verbosity=0)
        settings.DEBUG = True  # the demo loader refuses to run without it
        call_command("load_demo", stdout=StringIO())
        settings.DEBUG = False
        _add_files(settings)
        rows_before = table_counts(connections["default"])
        files_before = file_checksums()
        district = District.objects.order_by("slug").first()
        archive = tmp_path / "archive" / "quartier.tar.gz"
        out = StringIO()
        call_command("backup", output=archive, stdout=out)
    assert str(archive) in out.getvalue()
    assert len(files_before) >= 3
    assert rows_before["accounts_user"] > 5
    assert district is not None
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile(MANIFEST))  # type: ignore[arg-type]
    assert manifest["tables"] == rows_before
    assert manifest["migrations"]["core"]
    assert {name: entry["sha256"] for name, entry in manifest["files"].items() if not name.startswith("database/")} == {
        name: entry["sha256"] for name, entry in files_before.items()
    }

    # A new machine: a fresh data directory and a fresh, empty database.
    _use_data_dir(settings, tmp_path / "after")
    with fresh_database(tmp_path / "after"):
        out = StringIO()
        call_command("restore", str(archive), stdout=out)
        assert "verified" in out.getvalue()
        assert "migrate" not in out.getvalue()  # the same version: nothing left to migrate
        assert table_counts(connections["default"]) == rows_before
        assert file_checksums() == files_before
        client = Client()
        home = client.get("/")
        assert home.status_code == 200
        assert district.name in home.content.decode()
        page = client.get(district.get_absolute_url())
        assert page.status_code == 200
        assert district.name in page.content.decode()


@pytest.mark.django_db(transaction=True)  # a backup sees only what is committed
def test_restore_refuses_an_installation_with_data(settings, tmp_path, resident):
    _use_data_dir(settings, tmp_path / "site")
    archive = create_backup(output=tmp_path / "b.tar.gz").path
    with pytest.raises(CommandError, match=r"not empty.*user accounts.*--force"):
        call_command("restore", str(archive))
    assert resident.__class__.objects.filter(pk=resident.pk).exists()


@pytest.mark.django_db(transaction=True)  # a backup sees only what is committed
def test_restore_refuses_media_that_is_there_already(settings, tmp_path):
    _use_data_dir(settings, tmp_path / "site")
    archive = create_backup(output=tmp_path / "b.tar.gz").path
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "logo.png").write_bytes(b"someone's logo")
    with pytest.raises(CommandError, match=r"media directory .* is not empty"):
        call_command("restore", str(archive))
    assert (settings.MEDIA_ROOT / "logo.png").read_bytes() == b"someone's logo"


def _rewrite(archive: Path, target: Path, change: dict[str, bytes]) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            data = change.get(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)  # a backup sees only what is committed
def test_a_tampered_archive_fails_verification_and_restores_nothing(settings, tmp_path):
    _use_data_dir(settings, tmp_path / "site")
    _add_files(settings)
    archive = create_backup(output=tmp_path / "b.tar.gz").path
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, {"media/town/wappen-freudenberg.jpg": b"not the coat of arms"})

    _use_data_dir(settings, tmp_path / "empty")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tampered))
    message = str(refused.value)
    assert "does not match its manifest" in message
    assert "media/town/wappen-freudenberg.jpg: checksum differs" in message
    assert not settings.MEDIA_ROOT.exists()
    assert not settings.PRIVATE_MEDIA_ROOT.exists()


@pytest.mark.django_db(transaction=True)  # a backup sees only what is committed
def test_an_archive_with_a_file_the_manifest_does_not_know_is_refused(settings, tmp_path):
    _use_data_dir(settings, tmp_path / "site")
    archive = create_backup(output=tmp_path / "b.tar.gz").path
    planted = tmp_path / "planted.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(planted, "w:gz") as copy:
        for member in source:
            copy.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("private/extra.txt")
        info.size = 3
        copy.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(CommandError, match=r"private/extra\.txt: in the archive but not in the manifest"):
        call_command("restore", str(planted))


@pytest.mark.django_db
def test_an_archive_reaching_outside_the_data_directory_is_refused(settings, tmp_path):
    _use_data_dir(settings, tmp_path / "site")
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="never holds"):
        call_command("restore", str(evil))
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.django_db(transaction=True)  # a backup sees only what is committed
def test_verification_names_a_changed_row_count_and_a_changed_file(settings, tmp_path):
    _use_data_dir(settings, tmp_path / "site")
    _add_files(settings)
    archive = create_backup(output=tmp_path / "b.tar.gz").path
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile(MANIFEST))  # type: ignore[arg-type]
    assert verify_installation(manifest).ok
    factories.make_user("late@example.org")
    (settings.PRIVATE_MEDIA_ROOT / "ideas" / "leer.txt").write_bytes(b"changed")
    result = verify_installation(manifest)
    assert not result.ok
    assert any(problem.startswith("table accounts_user: 1 rows, manifest: 0") for problem in result.problems)
    assert "private/ideas/leer.txt: checksum differs" in "\n".join(result.problems)


@pytest.mark.django_db(transaction=True)  # a backup sees only what is committed
def test_the_daily_backup_keeps_the_configured_number(settings, tmp_path):
    _use_data_dir(settings, tmp_path / "site")
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUPS_KEPT = 3
    settings.BACKUP_DIR.mkdir()
    old = [settings.BACKUP_DIR / f"quartier-backup-2026010{day}-013000.tar.gz" for day in range(1, 6)]
    for path in old:
        path.write_bytes(b"old")
    (settings.BACKUP_DIR / "notes.txt").write_text("not a backup")
    assert "backup" in registry.jobs
    assert registry.jobs.get("backup").run is scheduled_backup
    message = scheduled_backup()
    assert "3 older removed" in message
    kept = sorted(path.name for path in settings.BACKUP_DIR.iterdir())
    assert kept[:3] == ["notes.txt", old[3].name, old[4].name]  # other files stay
    assert len(kept) == 4
    newest = settings.BACKUP_DIR / kept[3]
    with tarfile.open(newest) as opened:
        assert MANIFEST in opened.getnames()


@pytest.mark.django_db
def test_no_daily_backup_when_none_are_to_be_kept(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUPS_KEPT = 0
    assert "switched off" in scheduled_backup()
    assert not settings.BACKUP_DIR.exists()


def test_pruning_keeps_the_newest(tmp_path):
    for stamp in ["20260102-000000", "20260101-000000", "20260103-000000"]:
        (tmp_path / f"quartier-backup-{stamp}.tar.gz").write_bytes(b"")
    removed = prune_backups(tmp_path, keep=2)
    assert [path.name for path in removed] == ["quartier-backup-20260101-000000.tar.gz"]
