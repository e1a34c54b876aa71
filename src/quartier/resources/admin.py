"""Resources are kept in the admin; bookings are read there and changed only through the
cockpit's steps (which check the rules, write the history and tell the person)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from quartier.core.admin import SlugFromNameAdmin
from quartier.resources.models import Booking, Resource


@admin.register(Resource)
class ResourceAdmin(SlugFromNameAdmin):
    list_display = ("name", "kind", "district", "bookable_by", "requires_approval", "is_active")
    list_filter = ("kind", "district", "is_active")
    search_fields = ("name", "summary")


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("resource", "start", "end", "status")
    list_filter = ("status", "resource__district")
    date_hierarchy = "start"
    list_select_related = ("resource",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
