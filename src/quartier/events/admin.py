"""Events in the admin go through the same services as the cockpit: saving an event checks
its rules and makes its dates; dates are moved or cancelled and registrations cancelled only
through the steps that tell the people registered and move the waiting list up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartier.events.models import Event, EventDate, Registration
from quartier.events.services import cancel_registration, check_event, create_event, update_event


class EventDateInline(admin.TabularInline):
    model = EventDate
    extra = 0
    can_delete = False
    fields = ("start", "end", "status", "status_reason", "places_taken", "attended")
    # Dates follow the event's start and rule; moving or cancelling one is a cockpit step.
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class EventAdminForm(forms.ModelForm):
    acting: Any = None  # the signed-in person, set by EventAdmin.get_form

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("district"):
            project = data.get("project")
            try:
                # The instance is still as stored here: the form copies its data over after clean().
                check_event(
                    event=self.instance,
                    by=self.acting,
                    district_id=data["district"].pk,
                    project_id=project.pk if project else None,
                    capacity=data.get("capacity"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "start", "district", "status", "is_published"]
    list_filter = ["status", "is_published", "district"]
    search_fields = ["title"]
    inlines = [EventDateInline]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting": request.user})

    def save_model(self, request: Any, obj: Event, form: Any, change: bool) -> None:
        save = update_event if change else create_event
        save(event=obj, fields_of_action=form.cleaned_data.get("fields_of_action", []), by=request.user)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event_date", "status", "party_size", "waiting_position"]
    list_filter = ["status"]
    # Places and the waiting list change only through the services (register, cancel).
    readonly_fields = ["token", "event_date", "status", "party_size", "waiting_position"]
    actions = ["cancel"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    @admin.action(description=_("Ausgewählte Anmeldungen stornieren (Warteliste rückt nach)"))
    def cancel(self, request: Any, queryset: Any) -> None:
        moved = sum(len(cancel_registration(registration=registration)) for registration in queryset)
        self.message_user(
            request,
            _("Storniert. Von der Warteliste nachgerückt: %(count)d") % {"count": moved},
            messages.SUCCESS,
        )
