"""`quartier backup`: one archive of the database, the media and the private files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quartier.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) of this installation: the database (SQLite through its online backup "
        "API, PostgreSQL through pg_dump), the public media, the private files and a manifest with every "
        "table's row count, every file's SHA-256 and the applied migrations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write, or a directory to write it into (default: QUARTIER_BACKUP_DIR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = create_backup(output=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.path}: {result.tables} tables with {result.rows} rows, {result.files} files, "
            f"{result.path.stat().st_size:,} bytes"
        )
