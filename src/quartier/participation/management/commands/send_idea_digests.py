from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.participation.tasks import send_idea_digests


class Command(BaseCommand):
    help = "Queue the daily e-mail digest for people who follow ideas (the worker does this every morning; this queues it now)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_idea_digests.enqueue()
        self.stdout.write(f"digest task queued: {result.id}")
