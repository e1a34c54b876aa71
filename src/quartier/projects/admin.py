from __future__ import annotations

from typing import Any

from django.contrib import admin

from quartier.core.admin import SlugFromNameAdmin
from quartier.projects.models import FieldOfAction, Project, ProjectUpdate
from quartier.projects.services import create_project, update_project


@admin.register(FieldOfAction)
class FieldOfActionAdmin(SlugFromNameAdmin):
    list_display = ["name", "slug", "position"]


class ProjectUpdateInline(admin.TabularInline):
    model = ProjectUpdate
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "start", "end"]
    list_filter = ["status", "fields_of_action", "districts"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["districts", "fields_of_action"]
    inlines = [ProjectUpdateInline]

    def save_model(self, request: Any, obj: Project, form: Any, change: bool) -> None:
        # Through the same services as the cockpit (districts rule included).
        save = update_project if change else create_project
        data = form.cleaned_data
        save(project=obj, districts=data["districts"], fields_of_action=data["fields_of_action"], by=request.user)
