from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from quartier.core.admin import SlugFromNameAdmin
from quartier.places.models import ContactPoint, District, FieldOfAction, Town


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ["name", "official_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not Town.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Town | None = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(SlugFromNameAdmin):
    list_display = ["name", "population", "contact_point"]
    filter_horizontal = ["staff"]
    search_fields = ["name"]
    list_select_related = ["contact_point"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "city"]


@admin.register(FieldOfAction)
class FieldOfActionAdmin(SlugFromNameAdmin):
    list_display = ["name", "slug", "position"]
