"""Backup and restore of a whole installation: the database, the public media and the
private files in one archive (tar.gz) with a manifest.

The archive holds

- ``database/quartier.sqlite3`` (SQLite, copied through its online backup API) or
  ``database/quartier.dump`` (PostgreSQL, ``pg_dump --format=custom``),
- ``media/…`` and ``private/…``: every file of the public media storage and of the private
  storage, read and written through Django's storage API, so on disk (``MEDIA_ROOT``,
  ``PRIVATE_MEDIA_ROOT``) or in S3-compatible object storage alike,
- ``manifest.json``: every table's row count and the applied migrations, both read in the
  same snapshot the database copy was taken in, and every file's size and SHA-256.

:func:`restore_backup` refuses an installation that holds data (unless forced), checks the
archive against its manifest before it touches anything, restores, and then checks the
restored installation against the manifest again (:func:`verify_installation`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from quartier.core.storage import private_storage

FORMAT = 1
MANIFEST = "manifest.json"
NAME_PREFIX = "quartier-backup-"
NAME_SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def file_storages() -> dict[str, Storage]:
    """The storages a backup holds, by their name in the archive."""
    return {"media": default_storage, "private": private_storage()}


def _on_disk(storage: Storage) -> Path | None:
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def describe(storage: Storage) -> str:
    root = _on_disk(storage)
    if root is not None:
        return f"directory {root}"
    return f"storage {getattr(storage, 'bucket_name', '?')}/{getattr(storage, 'location', '')}"


def stored_files(storage: Storage) -> Iterator[str]:
    """The name of every file in ``storage``, sorted directory by directory (on disk regular
    files only: symbolic links are not followed)."""
    root = _on_disk(storage)
    if root is not None:
        for path in files_under(root):
            yield str(PurePosixPath(*path.relative_to(root).parts))
        return
    yield from _listed(storage, "")


def _listed(storage: Storage, directory: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield directory + name
    for name in sorted(directories):
        yield from _listed(storage, f"{directory}{name}/")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_under(root: Path) -> Iterator[Path]:
    """Every regular file below ``root`` (symbolic links are not followed), sorted."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                yield path


def file_checksums() -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of every media and private file, by its name in the archive."""
    checksums = {}
    for prefix, storage in file_storages().items():
        for name in stored_files(storage):
            digest, size = hashlib.sha256(), 0
            with storage.open(name, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
            checksums[f"{prefix}/{name}"] = {"size": size, "sha256": digest.hexdigest()}
    return checksums


def vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


# --- the database -----------------------------------------------------------------------


def _migrations(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(rows):
        applied.setdefault(app, []).append(name)
    return applied


def _sqlite_state(path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Row counts and applied migrations of an SQLite file (the backup copy, never changing)."""
    with closing(sqlite3.connect(path)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        counts = {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608
        rows = db.execute("SELECT app, name FROM django_migrations").fetchall() if "django_migrations" in counts else []
    return counts, _migrations(rows)


def _pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore from the connection's settings."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, value in {
        "PGDATABASE": params.get("NAME"),
        "PGUSER": params.get("USER"),
        "PGPASSWORD": params.get("PASSWORD"),
        "PGHOST": params.get("HOST"),
        "PGPORT": params.get("PORT"),
        "PGSSLMODE": (params.get("OPTIONS") or {}).get("sslmode"),
    }.items():
        if value:
            env[variable] = str(value)
    return env


def _pg_state(cursor: Any) -> tuple[dict[str, int], dict[str, list[str]]]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    )
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    rows: list[tuple[str, str]] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations")
        rows = cursor.fetchall()
    return counts, _migrations(rows)


def _run(command: list[str], *, env: dict[str, str]) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client tools (e.g. postgresql-client)."
        )
    result = subprocess.run([executable, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def dump_database(
    connection: BaseDatabaseWrapper, directory: Path
) -> tuple[Path, dict[str, int], dict[str, list[str]]]:
    """Copy the database into ``directory``; return the copy, the row counts and the applied
    migrations as they were in the copy's snapshot."""
    if vendor(connection) == "sqlite":
        if connection.in_atomic_block:
            # The backup API would wait forever for this connection's own open transaction.
            raise BackupError("A backup of SQLite cannot run inside an open transaction.")
        target = directory / "quartier.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)  # the online backup API: a consistent copy while the site runs
        counts, migrations = _sqlite_state(target)
        return target, counts, migrations
    # PostgreSQL: count in a repeatable-read transaction and let pg_dump share its snapshot,
    # so the counts describe exactly what the dump holds while the site goes on writing.
    target = directory / "quartier.dump"
    reader = type(connection)(dict(connection.settings_dict), connection.alias)  # a connection of its own
    try:
        reader.ensure_connection()
        raw = reader.connection
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts, migrations = _pg_state(cursor)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env=_pg_environment(connection),
            )
        raw.rollback()
    finally:
        reader.close()
    return target, counts, migrations


def table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Every table's row count in the database as it is now."""
    if vendor(connection) == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
            tables = [name for (name,) in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
                counts[table] = cursor.fetchone()[0]
            return counts
    with connection.cursor() as cursor:
        return _pg_state(cursor)[0]


def database_has_data(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database holds an installation's data: any user account (every
    installation in use has at least its administrator). A database that was never
    migrated, or migrated without anything added, counts as empty."""
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return False
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is not None


def load_database(connection: BaseDatabaseWrapper, copy: Path) -> None:
    """Replace the whole database with the archive's copy."""
    if vendor(connection) == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(copy)) as source:
            source.backup(connection.connection)  # replaces every page of the target
        return
    with connection.cursor() as cursor:  # tables a migrated, empty target has already
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [name for (name,) in cursor.fetchall()]
        if tables:
            cursor.execute("DROP TABLE {} CASCADE".format(", ".join(connection.ops.quote_name(t) for t in tables)))
    connection.close()  # pg_restore works on its own connection
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            str(connection.settings_dict["NAME"]),
            str(copy),
        ],
        env=_pg_environment(connection),
    )


# --- the archive ------------------------------------------------------------------------


class _HashingReader:
    """Reads a file for the archive and hashes exactly the bytes that went into it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, handle: IO[bytes], name: str, *, size: int, mtime: float) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    reader = _HashingReader(handle)
    archive.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _add_stored(archive: tarfile.TarFile, storage: Storage, name: str, arcname: str) -> dict[str, Any]:
    # Uploads are never changed in place (each has a random name): the size asked for is the size read.
    with storage.open(name, "rb") as handle:
        return _add_file(
            archive, handle, arcname, size=storage.size(name), mtime=storage.get_modified_time(name).timestamp()
        )


def default_name(now: Any = None) -> str:
    return f"{NAME_PREFIX}{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S}{NAME_SUFFIX}"


@dataclass
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int


def create_backup(*, output: Path | None = None, using: str = "default") -> BackupResult:
    """Write one archive of the installation; ``output`` a file or a directory (default:
    ``BACKUP_DIR``). The archive appears under its name only when it is complete."""
    connection = connections[using]
    vendor(connection)
    output = Path(output) if output else Path(settings.BACKUP_DIR)
    target = output / default_name() if output.is_dir() or not output.suffix else output
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(prefix="quartier-backup-") as scratch:
        copy, counts, migrations = dump_database(connection, Path(scratch))
        files: dict[str, dict[str, Any]] = {}
        try:
            with tarfile.open(partial, "w:gz") as archive:
                with copy.open("rb") as handle:
                    files[f"database/{copy.name}"] = _add_file(
                        archive, handle, f"database/{copy.name}", size=copy.stat().st_size, mtime=copy.stat().st_mtime
                    )
                for prefix, storage in file_storages().items():
                    for name in stored_files(storage):
                        files[f"{prefix}/{name}"] = _add_stored(archive, storage, name, f"{prefix}/{name}")
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "database": {"vendor": connection.vendor, "file": f"database/{copy.name}"},
                    "tables": counts,
                    "migrations": migrations,
                    "files": files,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                archive.addfile(info, _BytesReader(data))
            partial.chmod(0o600)  # it holds every person's data
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    media_files = sum(1 for name in files if not name.startswith("database/"))
    return BackupResult(path=target, tables=len(counts), rows=sum(counts.values()), files=media_files)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def prune_backups(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups the schedule wrote into ``directory``."""
    backups = sorted(directory.glob(f"{NAME_PREFIX}*{NAME_SUFFIX}"), key=lambda path: path.name, reverse=True)
    removed = backups[keep:]
    for path in removed:
        path.unlink()
    return removed


def scheduled_backup() -> str:
    """The daily job: a backup into ``BACKUP_DIR``, keeping the newest ``BACKUPS_KEPT``."""
    keep = settings.BACKUPS_KEPT
    if keep < 1:
        return "switched off (QUARTIER_BACKUPS_KEPT=0)"
    directory = Path(settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    result = create_backup(output=directory / default_name())
    removed = prune_backups(directory, keep=keep)
    return f"{result.path.name}: {result.tables} tables, {result.rows} rows, {result.files} files; {len(removed)} older removed"


# --- restore ----------------------------------------------------------------------------


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _compare_files(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]], where: str) -> list[str]:
    problems = []
    for name in sorted(expected.keys() - actual.keys()):
        problems.append(f"{name}: missing {where}")
    for name in sorted(actual.keys() - expected.keys()):
        problems.append(f"{name}: {where} but not in the manifest")
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name]["sha256"] != actual[name]["sha256"]:
            problems.append(
                f"{name}: checksum differs {where} (SHA-256 {actual[name]['sha256'][:12]}…, manifest {expected[name]['sha256'][:12]}…)"
            )
    return problems


def verify_installation(manifest: dict[str, Any], *, using: str = "default") -> Verification:
    """Compare the installation as it is now with a manifest: every table's row count and
    every media and private file's checksum."""
    counts = table_counts(connections[using])
    problems = []
    for table, expected in sorted(manifest["tables"].items()):
        if table not in counts:
            problems.append(f"table {table}: missing (manifest: {expected} rows)")
        elif counts[table] != expected:
            problems.append(f"table {table}: {counts[table]} rows, manifest: {expected}")
    for table in sorted(counts.keys() - manifest["tables"].keys()):
        problems.append(f"table {table}: not in the manifest")
    expected_files = {name: entry for name, entry in manifest["files"].items() if not name.startswith("database/")}
    problems += _compare_files(expected_files, file_checksums(), "in the installation")
    return Verification(
        problems=problems,
        notes=migration_notes(manifest, using=using),
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(expected_files),
    )


def migration_notes(manifest: dict[str, Any], *, using: str = "default") -> list[str]:
    """How the restored schema stands to this version's migrations."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    notes = []
    if unknown := sorted(archived - known - {key for key in archived if key[0] not in loader.migrated_apps}):
        notes.append(
            f"The backup comes from a newer version: {len(unknown)} of its migrations are unknown here "
            f"(e.g. {unknown[0][0]}.{unknown[0][1]}); run the version it was made with."
        )
    if pending := sorted(known - archived):
        notes.append(f"{len(pending)} migrations of this version are not applied yet: run `quartier migrate`.")
    return notes


def _safe_member(member: tarfile.TarInfo) -> PurePosixPath:
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds an entry that a Quartier backup never holds: {member.name!r}.")
    if path.parts[0] not in {"database", "media", "private"} and member.name != MANIFEST:
        raise BackupError(f"The archive holds an entry that a Quartier backup never holds: {member.name!r}.")
    return path


def _unpack(archive_path: Path, staging: Path) -> dict[str, Any]:
    """Unpack into ``staging``, check every file against the manifest and return it."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive:
                path = _safe_member(member)
                source = archive.extractfile(member)
                assert source is not None  # noqa: S101 - a regular file, checked above
                target = staging.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as handle:
                    shutil.copyfileobj(source, handle, CHUNK)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{archive_path} is not a readable backup archive: {error}") from error
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{archive_path} has no readable {MANIFEST}: it is no Quartier backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive_path} is a backup of format {manifest.get('format')!r}; this version reads format {FORMAT}."
        )
    unpacked = {
        str(PurePosixPath(*path.relative_to(staging).parts)): {"sha256": sha256_of(path)}
        for path in files_under(staging)
        if path.name != MANIFEST or path.parent != staging
    }
    problems = _compare_files(manifest["files"], unpacked, "in the archive")
    if problems:
        raise BackupError("The archive does not match its manifest; nothing was restored:\n  " + "\n  ".join(problems))
    return manifest


def installation_has_data(*, using: str = "default") -> list[str]:
    """What makes the target installation not empty, in words (nothing: it is empty)."""
    reasons = []
    if database_has_data(connections[using]):
        reasons.append("the database holds user accounts")
    for prefix, storage in file_storages().items():
        if _has_files(storage):
            reasons.append(f"the {prefix} {describe(storage)} is not empty")
    return reasons


def _has_files(storage: Storage) -> bool:
    root = _on_disk(storage)
    if root is not None:
        return root.is_dir() and any(root.iterdir())
    return any(True for _ in stored_files(storage))


def _empty_storage(storage: Storage) -> None:
    root = _on_disk(storage)
    if root is None:
        for name in list(stored_files(storage)):
            storage.delete(name)
    elif root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _restore_files(source: Path, storage: Storage) -> None:
    root = _on_disk(storage)
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
        for child in source.iterdir():
            shutil.move(child, root / child.name)
        return
    for path in files_under(source):
        name = str(PurePosixPath(*path.relative_to(source).parts))
        with path.open("rb") as handle:
            stored = storage.save(name, File(handle))
        if stored != name:
            raise BackupError(f"The {describe(storage)} stored {name} as {stored}: it was not empty.")


@contextmanager
def _staging_directory() -> Iterator[Path]:
    parent = Path(settings.DATA_DIR)
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=parent) as staging:
        yield Path(staging)


def restore_backup(*, archive: Path, force: bool = False, using: str = "default") -> Verification:
    """Restore an archive into this installation and verify it against the manifest.

    Refuses an installation holding data unless ``force`` (which replaces the database and
    empties the media and private directories first). A damaged or changed archive is
    refused before anything is touched."""
    connection = connections[using]
    target_vendor = vendor(connection)
    if not force and (reasons := installation_has_data(using=using)):
        raise BackupError(
            "Refusing to restore into an installation that is not empty ("
            + "; ".join(reasons)
            + "). Restore into a new installation, or use --force to replace everything in this one."
        )
    with _staging_directory() as staging:
        manifest = _unpack(Path(archive), staging)
        if manifest["database"]["vendor"] != target_vendor:
            raise BackupError(
                f"The archive holds a {manifest['database']['vendor']} database and this installation uses "
                f"{target_vendor}; restore it into an installation with the same database system."
            )
        load_database(connection, staging / manifest["database"]["file"])
        for prefix, storage in file_storages().items():
            _empty_storage(storage)
            source = staging / prefix
            if source.is_dir():
                _restore_files(source, storage)
    cache.clear()  # nothing cached from before the restore describes the restored data
    return verify_installation(manifest, using=using)
