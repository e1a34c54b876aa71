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
        from django.core.signals import request_finished, request_started, setting_changed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from quartier.core import pagecache, registry
        from quartier.core.backup import scheduled_backup
        from quartier.core.jobs import clean_up
        from quartier.core.middleware import mark_second_factor
        from quartier.core.models import LegalPage
        from quartier.core.search import fill_empty_index, legal_page_document

        user_logged_in.connect(mark_second_factor, dispatch_uid="quartier-second-factor-mark")
        # An installation from before the search (or restored without it) gets its index on migrate.
        post_migrate.connect(fill_empty_index, sender=self, dispatch_uid="quartier-search-fill")
        # The data version cached pages carry in their keys (core/pagecache.py).
        post_migrate.connect(pagecache.install_triggers, sender=self, dispatch_uid="quartier-data-version-triggers")
        connection_created.connect(pagecache.watch_connection, dispatch_uid="quartier-data-version-watch")
        setting_changed.connect(pagecache.settings_changed, dispatch_uid="quartier-page-cache-settings")
        request_started.connect(pagecache.request_started, dispatch_uid="quartier-data-version-request")
        request_finished.connect(pagecache.request_finished, dispatch_uid="quartier-data-version-request-end")
        registry.search_providers.register(
            registry.SearchProvider(
                name="pages", label=_("Seiten"), model=LegalPage, document=legal_page_document, order=900
            )
        )

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
