from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "quartier.places"
    label = "places"
    verbose_name = _("Stadt und Ortsteile")

    def ready(self) -> None:
        from quartier.core import registry
        from quartier.core.permissions import has_staff_role
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

        registry.jobs.register(
            registry.Job(
                name="staff_summaries",
                run=lambda: f"{send_staff_summaries()} summaries sent",
                schedule="0 7 * * *",
                description=_("Tägliche Zusammenfassung für Mitarbeiter·innen, die sie gewählt haben"),
            )
        )
