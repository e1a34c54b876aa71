from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def district_search_document(district: Any) -> Any:
    """What the site search keeps of a district: every district is public."""
    from quartier.core.registry import SearchDocument

    return SearchDocument(title=district.name, body=district.portrait, url=district.get_absolute_url())


class PlacesConfig(AppConfig):
    name = "quartier.places"
    label = "places"
    verbose_name = _("Stadt und Ortsteile")

    def ready(self) -> None:
        from quartier.core import registry
        from quartier.core.permissions import has_staff_role
        from quartier.places.models import District
        from quartier.places.notifications import send_staff_summaries

        # Cockpit shows by role, before the second factor: the cockpit itself asks for it.
        # The navigation's order (docs/architecture.md): Start, Aktuelles 10, Termine 20, Mitmachen 30,
        # Anliegen 40, Projekte 50, Ortsteile 60, Ausleihe 70, and Cockpit for staff last.
        registry.navigation.register(registry.NavEntry(name="home", label=_("Start"), url_name="places:home", order=0))
        registry.navigation.register(
            registry.NavEntry(name="districts", label=_("Ortsteile"), url_name="places:district_list", order=60)
        )
        registry.navigation.register(
            registry.NavEntry(
                name="cockpit", label=_("Cockpit"), url_name="places:cockpit", order=1000, visible=has_staff_role
            )
        )

        registry.search_providers.register(
            registry.SearchProvider(
                name="districts", label=_("Ortsteile"), model=District, document=district_search_document, order=5
            )
        )

        registry.jobs.register(
            registry.Job(
                name="staff_summaries",
                run=lambda: f"{send_staff_summaries()} summaries sent",
                schedule="0 7 * * *",
                description=_("Tägliche Zusammenfassung für Mitarbeiter·innen, die sie gewählt haben"),
            )
        )
