from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "quartier.resources"
    label = "resources"
    verbose_name = _("Ausleihe & Räume")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.resources import hooks
        from quartier.resources.privacy import erase_bookings, export_bookings

        register_personal_data(
            "resources",
            export=export_bookings,
            erase=erase_bookings,
            models=["resources.Booking", "resources.BookingHistory", "resources.BookingSeries"],
        )
        hooks.register()
