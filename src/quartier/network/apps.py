from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "quartier.network"
    label = "network"
    verbose_name = _("Netzwerk")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.network import hooks
        from quartier.network.privacy import erase_network, export_network

        register_personal_data(
            "network",
            export=export_network,
            erase=erase_network,
            models=[
                "network.OrganisationChange",
                "network.ContactPerson",
                "network.Partnership",
                "network.Membership",
                "network.AgendaItem",
                "network.ActionItem",
                "network.RoundTableEntry",
            ],
        )
        hooks.register()
