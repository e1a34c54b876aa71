"""`quartier restore ARCHIVE`: a backup into an empty installation, verified afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quartier.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `quartier backup` into an empty installation (the database of "
        "DATABASE_URL, MEDIA and private files under QUARTIER_DATA_DIR), then check every table's row "
        "count and every file's checksum against the archive's manifest. Exits non-zero on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even though the installation holds data: its database is replaced and its media "
            "and private directories are emptied first",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file.")
        try:
            result = restore_backup(archive=archive, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        if not result.ok:
            raise CommandError(
                "Restored, but the installation does not match the manifest:\n  " + "\n  ".join(result.problems)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} and verified it against the manifest: {result.tables} tables with "
                f"{result.rows} rows and {result.files} files, all equal."
            )
        )
