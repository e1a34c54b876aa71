from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "quartier.inquiries"
    label = "inquiries"
    verbose_name = _("Anliegen")

    def ready(self) -> None:
        from quartier.core.privacy import register_exporter
        from quartier.inquiries.services import export_inquiries

        register_exporter("inquiries", export_inquiries)
