from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "quartier.events"
    label = "events"
    verbose_name = _("Termine")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.events import hooks
        from quartier.events.privacy import erase_registrations, export_registrations

        register_personal_data(
            "events",
            export=export_registrations,
            erase=erase_registrations,
            models=["events.Registration", "events.Event"],
        )
        hooks.register()

        from quartier.core import registry
        from quartier.events.services import extend_all_series

        registry.jobs.register(
            registry.Job(
                name="extend_event_dates",
                run=lambda: f"{extend_all_series()} series extended",
                schedule="30 2 * * *",
                description=_("Termine wiederkehrender Veranstaltungen für die kommenden Monate anlegen"),
            )
        )
