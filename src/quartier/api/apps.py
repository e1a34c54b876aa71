from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "quartier.api"
    label = "api"
    verbose_name = _("Schnittstelle und offene Daten")

    def ready(self) -> None:
        from quartier.api import hooks

        hooks.register()
