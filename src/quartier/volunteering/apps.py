from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "quartier.volunteering"
    label = "volunteering"
    verbose_name = _("Engagement")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.volunteering import hooks
        from quartier.volunteering.privacy import erase_volunteering, export_volunteering

        register_personal_data(
            "volunteering",
            export=export_volunteering,
            erase=erase_volunteering,
            models=[
                "volunteering.SignUp",
                "volunteering.HelperCall",
                "volunteering.CallHistory",
                "volunteering.ConductInspection",
                "volunteering.OtherHours",
                "volunteering.VolunteerProfile",
            ],
        )
        hooks.register()

        from quartier.core import registry
        from quartier.volunteering.services import erase_expired_inspections, send_reminders

        registry.jobs.register(
            registry.Job(
                name="remind_shift_helpers",
                run=lambda: f"{send_reminders()} reminders sent",
                schedule="0 9 * * *",
                description=_("Erinnerung am Tag vor jeder Schicht an alle, die sie übernommen haben"),
            )
        )
        registry.jobs.register(
            registry.Job(
                name="erase_conduct_inspections",
                run=lambda: f"{erase_expired_inspections()} inspections erased",
                schedule="20 3 * * *",
                description=_(
                    "Einsichtnahmen in Führungszeugnisse löschen, die § 72a Abs. 5 SGB VIII nicht mehr erlaubt"
                ),
            )
        )
