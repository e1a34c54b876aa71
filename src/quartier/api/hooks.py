"""What the api app plugs into core: the footer's links to the open data and the API documentation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from quartier.core import registry


def register() -> None:
    registry.footer_links.register(
        registry.FooterLink(name="open_data", label=_("Offene Daten"), url_name="opendata:index", order=10)
    )
    registry.footer_links.register(
        registry.FooterLink(name="api_docs", label=_("Schnittstelle (API)"), url_name="opendata:api_docs", order=20)
    )
