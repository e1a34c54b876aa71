from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "quartier.projects"
    label = "projects"
    verbose_name = _("Projekte")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.projects import hooks
        from quartier.projects.privacy import erase_projects, export_projects

        register_personal_data("projects", export=export_projects, erase=erase_projects, models=["projects.Project"])
        hooks.register()
