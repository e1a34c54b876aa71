from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "quartier.funding"
    label = "funding"
    verbose_name = _("Fördermittel")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.funding import hooks, rules  # noqa: F401
        from quartier.funding.privacy import erase_funding, export_funding

        register_personal_data(
            "funding",
            export=export_funding,
            erase=erase_funding,
            models=[
                "funding.ApplicationStep",
                "funding.ProgrammeChange",
                "funding.ApplicationChange",
                "funding.Document",
                "funding.Condition",
                "funding.FeedToken",
                "funding.FinanceChange",
            ],
        )
        hooks.register()
