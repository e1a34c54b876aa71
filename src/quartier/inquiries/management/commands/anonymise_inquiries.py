"""`quartier anonymise_inquiries`: the retention run now; `quartier worker` runs it every night by itself."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.inquiries.services import anonymise_expired
from quartier.inquiries.tasks import anonymise_inquiries


class Command(BaseCommand):
    help = "Remove personal data from inquiries closed longer ago than INQUIRY_RETENTION_DAYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue the task for the worker instead")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            anonymise_inquiries.enqueue()
            self.stdout.write("Queued the anonymisation task.")
            return
        count = anonymise_expired()
        self.stdout.write(f"Anonymised {count} inquiries.")
