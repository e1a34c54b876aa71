from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "quartier.inquiries"
    label = "inquiries"
    verbose_name = _("Anliegen")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.inquiries import hooks
        from quartier.inquiries.photos import delete_stale_pending_photos
        from quartier.inquiries.privacy import erase_inquiries, export_inquiries

        register_personal_data(
            "inquiries",
            export=export_inquiries,
            erase=erase_inquiries,
            models=["inquiries.Inquiry", "inquiries.InquiryEvent"],
        )
        hooks.register()

        from quartier.core import registry
        from quartier.inquiries.services import anonymise_expired

        registry.jobs.register(
            registry.Job(
                name="anonymise_inquiries",
                run=lambda: f"{anonymise_expired()} inquiries anonymised",
                schedule="15 3 * * *",
                description=_(
                    "Persönliche Daten aus Anliegen entfernen, die länger als die Aufbewahrungsfrist geschlossen sind"
                ),
            )
        )
        registry.jobs.register(
            registry.Job(
                name="delete_pending_photos",
                run=lambda: f"{delete_stale_pending_photos()} pending photos deleted",
                schedule="17 * * * *",
                description=_("Fotos aus nicht abgeschickten Anliegen-Formularen löschen"),
            )
        )
        from quartier.inquiries.forwarding import redact_forwards_of_anonymised, remind_overdue_forwards

        registry.jobs.register(
            registry.Job(
                name="remind_departments",
                run=lambda: f"{remind_overdue_forwards()} departments reminded",
                schedule="0 8 * * 1-5",
                description=_("Fachstellen an Weiterleitungen erinnern, deren erwartete Antwortzeit vorbei ist"),
            )
        )
        registry.jobs.register(
            registry.Job(
                name="redact_forwards",
                run=lambda: f"{redact_forwards_of_anonymised()} forwards redacted",
                schedule="20 3 * * *",
                description=_("Weiterleitungen anonymisierter Anliegen leeren und ihre Links beenden"),
            )
        )
