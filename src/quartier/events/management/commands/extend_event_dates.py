from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.events.services import extend_all_series


class Command(BaseCommand):
    help = "Create the dates of recurring events for the coming months (the worker does this every night; this runs it now)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = extend_all_series()
        self.stdout.write(f"{count} series extended")
