from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quartier.demo.loader import load_demo_town


class Command(BaseCommand):
    help = "Load the demo town of Freudenberg with its districts and demo logins (DEBUG only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo town has well-known passwords and is refused with DEBUG off. Run it on a trial machine with DEBUG=1."
            )
        load_demo_town()
        self.stdout.write(self.style.SUCCESS("Demo town loaded."))
