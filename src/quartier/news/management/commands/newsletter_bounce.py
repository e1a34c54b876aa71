"""Stop newsletter mail to addresses that bounce for good, by hand (plain SMTP has no webhook):

quartier newsletter_bounce someone@example.org [other@example.org …] [--complaint]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quartier.news.services import suspend_address


class Command(BaseCommand):
    help = "Suspend the newsletter subscription of addresses that bounce (or complained)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addresses", nargs="+", help="the e-mail addresses")
        parser.add_argument("--complaint", action="store_true", help="the address complained (marked as spam)")

    def handle(self, *args: Any, **options: Any) -> None:
        reason = "complaint" if options["complaint"] else "bounce"
        for address in options["addresses"]:
            suspended = suspend_address(email=address, reason=reason)
            self.stdout.write(f"{address}: {'suspended' if suspended else 'no active subscription'}")
