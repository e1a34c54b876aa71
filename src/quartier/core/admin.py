from __future__ import annotations

from django.contrib import admin

from quartier.core.models import JobRun, LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "updated_at"]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """What the scheduler did, read-only: the worker writes these rows (see ``quartier jobs``)."""

    list_display = ["job", "period_start", "outcome", "started_at", "finished_at", "message"]
    list_filter = ["job", "outcome"]
    date_hierarchy = "period_start"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
