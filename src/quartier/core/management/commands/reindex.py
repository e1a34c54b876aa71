"""`quartier reindex`: rebuild the site search's index from the apps' search providers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quartier.core import registry
from quartier.core.search import reindex


class Command(BaseCommand):
    help = "Rebuild the site search's index (every kind, or the kinds named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kinds", nargs="*", help="only these kinds (the search providers' names)")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kinds"]
        unknown = [kind for kind in kinds if kind not in registry.search_providers]
        if unknown:
            known = ", ".join(provider.name for provider in registry.search_providers)
            raise CommandError(f"unknown kind(s): {', '.join(unknown)} (known: {known})")
        for kind, count in reindex(kinds or None).items():
            self.stdout.write(f"{kind}: {count}")
