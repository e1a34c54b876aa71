from __future__ import annotations

from django.contrib import admin

from quartier.core.admin import SlugFromNameAdmin
from quartier.projects.models import FieldOfAction, Project, ProjectUpdate


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
