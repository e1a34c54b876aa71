from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "quartier.core"
    label = "core"
    verbose_name = _("Grundlagen")


class QuartierAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "quartier.core.admin_site.QuartierAdminSite"
