from __future__ import annotations

from typing import Any

from django.contrib import admin

from quartier.projects.models import Project, ProjectIdea, ProjectUpdate
from quartier.projects.services import create_project, update_project


class ProjectUpdateInline(admin.TabularInline):
    model = ProjectUpdate
    extra = 0


class ProjectIdeaInline(admin.TabularInline):
    """The ideas the project came from; linked by turning an idea into a project in the cockpit."""

    model = ProjectIdea
    extra = 0
    fields = ["idea", "created_at"]
    readonly_fields = ["idea", "created_at"]
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "start", "end"]
    list_filter = ["status", "fields_of_action", "districts"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["districts", "fields_of_action"]
    inlines = [ProjectUpdateInline, ProjectIdeaInline]

    def save_model(self, request: Any, obj: Project, form: Any, change: bool) -> None:
        # Through the same services as the cockpit (districts rule included).
        save = update_project if change else create_project
        data = form.cleaned_data
        save(project=obj, districts=data["districts"], fields_of_action=data["fields_of_action"], by=request.user)
