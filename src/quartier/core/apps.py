from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "quartier.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from quartier.core import registry
        from quartier.core.backup import scheduled_backup
        from quartier.core.jobs import clean_up
        from quartier.core.middleware import mark_second_factor

        user_logged_in.connect(mark_second_factor, dispatch_uid="quartier-second-factor-mark")

        registry.jobs.register(
            registry.Job(
                name="cleanup",
                run=clean_up,
                schedule="45 3 * * *",
                description=_("Abgelaufene Sitzungen, erledigte Hintergrundaufgaben und alte Läufe entfernen"),
                order=900,
            )
        )
        registry.jobs.register(
            registry.Job(
                name="backup",
                run=scheduled_backup,
                schedule="30 1 * * *",
                description=_("Sicherung von Datenbank, Medien und privaten Dateien (QUARTIER_BACKUP_DIR)"),
                order=910,
            )
        )


class QuartierAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "quartier.core.admin_site.QuartierAdminSite"
