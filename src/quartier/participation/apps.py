from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "quartier.participation"
    label = "participation"
    verbose_name = _("Beteiligung")

    def ready(self) -> None:
        from quartier.core.privacy import register_exporter
        from quartier.participation.privacy import export_participation

        register_exporter("participation", export_participation)
