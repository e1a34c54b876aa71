from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "quartier.participation"
    label = "participation"
    verbose_name = _("Beteiligung")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.participation import hooks, privacy

        register_personal_data(
            "participation",
            export=privacy.export_participation,
            erase=privacy.erase_participation,
            models=[
                "participation.Idea",
                "participation.Support",
                "participation.Follow",
                "participation.Comment",
                "participation.Report",
                "participation.Block",
                "participation.ModerationEntry",
            ],
        )
        hooks.register()

        from quartier.core import registry
        from quartier.participation.digest import send_digests

        registry.jobs.register(
            registry.Job(
                name="send_idea_digests",
                run=lambda: f"{send_digests()} digests sent",
                schedule="0 7 * * *",
                description=_("Die tägliche E-Mail an alle, die Ideen folgen"),
            )
        )
