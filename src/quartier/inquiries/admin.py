from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from quartier.inquiries.departments import Department
from quartier.inquiries.models import AnswerTemplate, ApiKey, Category, Inquiry


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "is_active", "position"]
    list_editable = ["is_active", "position"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "category"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Open311 keys for other city apps; the key is generated and shown once saved."""

    list_display = ["name", "is_active", "created_at"]
    readonly_fields = ["key", "created_at"]


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    """Read-only: inquiries are worked on in the cockpit, where every change is kept in the history."""

    list_display = ["number", "kind", "category", "district", "status", "created_at"]
    list_filter = ["status", "kind", "channel"]
    list_select_related = ["category", "district"]
    search_fields = ["number"]
    exclude = ["photo", "name", "email", "phone", "text", "address", "user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    """Coordinators keep the list in the cockpit too (Anliegen → Fachstellen)."""

    list_display = ["name", "email", "response_days", "is_external", "is_active"]
    filter_horizontal = ["categories"]
