from __future__ import annotations

from django.contrib import admin

from quartier.events.models import Event, EventDate, Registration


class EventDateInline(admin.TabularInline):
    model = EventDate
    extra = 0
    fields = ["start", "end", "status", "status_reason", "places_taken", "attended"]
    readonly_fields = ["places_taken"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "start", "district", "status", "is_published"]
    list_filter = ["status", "is_published", "district"]
    search_fields = ["title"]
    inlines = [EventDateInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event_date", "status", "party_size", "waiting_position"]
    list_filter = ["status"]
    readonly_fields = ["token"]
