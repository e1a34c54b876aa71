from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from quartier.participation.tasks import send_idea_digests


class Command(BaseCommand):
    help = "Queue the daily e-mail digest for people who follow ideas (run once a day)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url", default=getattr(settings, "SITE_URL", ""), help="e.g. https://quartier.example.org"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_idea_digests.enqueue(options["base_url"])
        self.stdout.write(f"digest task queued: {result.id}")
