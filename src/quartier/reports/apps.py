from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "quartier.reports"
    label = "reports"
    verbose_name = _("Berichte")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.reports import hooks, privacy

        register_personal_data(
            "reports",
            export=privacy.export_report_work,
            erase=privacy.erase_report_work,
            models=["reports.YearReport", "reports.ReportText", "reports.ReportEntry"],
        )
        hooks.register()
