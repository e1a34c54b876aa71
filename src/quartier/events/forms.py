from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.core.forms import DateField, DateTimeField, FilterForm, ModelMultipleChoiceField
from quartier.events import recurrence
from quartier.events.models import Event, EventDate, EventStatus, TargetGroup
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CalendarFilterForm(FilterForm):
    """The GET filters of the public calendar; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("Ortsteil"),
        queryset=District.objects.only("name", "slug"),
        required=False,
        to_field_name="slug",
    )
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.all(),
        required=False,
        to_field_name="slug",
    )
    project = forms.ModelChoiceField(
        label=_("Projekt"),
        queryset=Project.objects.exclude(status="done").only("title", "slug").order_by("title"),
        required=False,
        to_field_name="slug",
    )
    target = forms.ChoiceField(label=_("Zielgruppe"), choices=[("", _("alle")), *TargetGroup.choices], required=False)
    date = DateField(label=_("Ab Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    free = forms.BooleanField(label=_("Nur mit freien Plätzen"), required=False)


RECURRENCE_CHOICES = [
    ("", _("einmalig")),
    ("weekly", _("jede Woche")),
    ("biweekly", _("alle zwei Wochen")),
    ("monthly", _("jeden Monat am selben Wochentag (z. B. erster Samstag)")),
]


class EventForm(forms.ModelForm):
    repeat = forms.ChoiceField(label=_("Wiederholung"), choices=RECURRENCE_CHOICES, required=False)
    repeat_until = DateField(
        label=_("Wiederholen bis"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    repeat_count = forms.IntegerField(
        label=_("Oder: Anzahl der Termine"), required=False, min_value=2, max_value=recurrence.MAX_DATES
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "start",
            "end",
            "venue",
            "address",
            "district",
            "latitude",
            "longitude",
            "project",
            "fields_of_action",
            "target_group",
            "age_min",
            "age_max",
            "cost_note",
            "step_free",
            "hearing_loop",
            "accessibility_note",
            "organiser_name",
            "organiser_email",
            "organiser_phone",
            "image",
            "image_alt",
            "status",
            "status_reason",
            "registration_required",
            "capacity",
            "registration_deadline",
            "requires_approval",
            "asks_participant_details",
            "max_party_size",
        ]
        field_classes = {
            "start": DateTimeField,
            "end": DateTimeField,
            "registration_deadline": DateTimeField,
            "fields_of_action": ModelMultipleChoiceField,
        }
        widgets = {
            "start": DATETIME_WIDGET,
            "end": DATETIME_WIDGET,
            "registration_deadline": DATETIME_WIDGET,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.staffed_by(user)
        # Only projects the staff member may change (their districts'), and the one the
        # event already belongs to, so that editing keeps it.
        mine = Q(pk__in=Project.objects.editable_by(user).values("pk"))
        if self.instance.project_id:
            mine |= Q(pk=self.instance.project_id)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = Project.objects.filter(mine).order_by("title")
        if self.instance.pk and self.instance.rrule:
            self.initial["repeat"] = recurrence.describe_frequency(self.instance.rrule)
            parts = recurrence.parse_rrule(self.instance.rrule)
            self.initial["repeat_count"] = parts.get("COUNT")
            self.initial["repeat_until"] = recurrence.rule_until(self.instance.rrule)
        self._is_new = self.instance.pk is None
        # Other apps' parts (a room booked for the event's dates), saved by the services.
        registry.extend_occasion_form(self, self.instance, user)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, repeat = data.get("start"), data.get("repeat")
        if self._is_new and start and start < timezone.now():
            self.add_error("start", _("Der Beginn liegt in der Vergangenheit."))
        deadline = data.get("registration_deadline")
        if deadline and (self._is_new or "registration_deadline" in self.changed_data) and deadline < timezone.now():
            self.add_error("registration_deadline", _("Der Anmeldeschluss liegt in der Vergangenheit."))
        if deadline and start and deadline > start and not repeat:
            self.add_error("registration_deadline", _("Der Anmeldeschluss liegt nach dem Beginn."))
        if data.get("registration_required") is False and data.get("requires_approval"):
            self.add_error("requires_approval", _("Bestätigen geht nur mit Anmeldung."))
        if repeat and start:
            until: date | None = data.get("repeat_until")
            count = data.get("repeat_count")
            if not until and not count:
                self.add_error("repeat_until", _("Bitte geben Sie ein Enddatum oder eine Anzahl an."))
            elif until and count:
                self.add_error("repeat_count", _("Bitte nur Enddatum oder Anzahl angeben, nicht beides."))
            elif until and until < timezone.localtime(start).date():
                self.add_error("repeat_until", _("Das Enddatum liegt vor dem ersten Termin."))
            else:
                data["rrule"] = recurrence.build_rrule(frequency=repeat, start=start, until=until, count=count)
        else:
            data["rrule"] = ""
        return data

    def save(self, commit: bool = True) -> Event:
        self.instance.rrule = self.cleaned_data.get("rrule", "")
        return super().save(commit=commit)


class ProposalForm(forms.ModelForm):
    """What a resident may propose: the event without registration or status settings."""

    # As long as an idea may be; staff-written descriptions have no limit.
    description = forms.CharField(
        label=_("Beschreibung (Markdown)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "start",
            "end",
            "venue",
            "address",
            "district",
            "target_group",
            "cost_note",
        ]
        field_classes = {"start": DateTimeField, "end": DateTimeField}
        widgets = {"start": DATETIME_WIDGET, "end": DATETIME_WIDGET, "description": forms.Textarea(attrs={"rows": 6})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data["start"] < timezone.now():
            self.add_error("start", _("Der Beginn liegt in der Vergangenheit."))
        return data


class DateChangeForm(forms.ModelForm):
    class Meta:
        model = EventDate
        fields = ["start", "end", "status", "status_reason"]
        field_classes = {"start": DateTimeField, "end": DateTimeField}
        widgets = {"start": DATETIME_WIDGET, "end": DATETIME_WIDGET}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("Das Ende muss nach dem Beginn liegen."))
        if data.get("status") != EventStatus.SCHEDULED and not data.get("status_reason"):
            self.add_error("status_reason", _("Bitte nennen Sie einen Grund; er wird angezeigt."))
        return data


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=160)
    email = forms.EmailField(label=_("Ihre E-Mail-Adresse"))
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    party_size = forms.IntegerField(label=_("Wie viele Personen melden Sie an?"), min_value=1, initial=1)

    def __init__(self, *args: Any, event: Event, user: Any = None, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        cast(forms.IntegerField, self.fields["party_size"]).max_value = event.max_party_size
        self.fields["party_size"].validators.append(MaxValueValidator(event.max_party_size))
        self.fields["party_size"].widget.attrs["max"] = event.max_party_size
        if user is not None and user.is_authenticated and not staff:
            # Signed-in residents register with their account's name and address.
            del self.fields["name"]
            del self.fields["email"]
        if staff:
            self.fields["email"].required = False
            self.fields["email"].help_text = _("Ohne E-Mail-Adresse bekommt die Person keine Nachricht.")
        else:
            del self.fields["phone"]
        if event.asks_participant_details:
            for number in range(1, event.max_party_size + 1):
                self.fields[f"first_name_{number}"] = forms.CharField(
                    label=_("Vorname Person %(number)d") % {"number": number}, max_length=80, required=False
                )
                self.fields[f"age_{number}"] = forms.IntegerField(
                    label=_("Alter Person %(number)d") % {"number": number}, min_value=0, max_value=120, required=False
                )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        size = data.get("party_size")
        if self.event.asks_participant_details and size:
            for number in range(1, min(size, self.event.max_party_size) + 1):
                if not data.get(f"first_name_{number}"):
                    self.add_error(f"first_name_{number}", _("Bitte geben Sie den Vornamen an."))
                if data.get(f"age_{number}") is None:
                    self.add_error(f"age_{number}", _("Bitte geben Sie das Alter an."))
        return data

    def participants(self) -> list[Any]:
        from quartier.events.services import Participant

        if not self.event.asks_participant_details:
            return []
        size = self.cleaned_data["party_size"]
        return [
            Participant(first_name=self.cleaned_data[f"first_name_{n}"], age=self.cleaned_data[f"age_{n}"])
            for n in range(1, size + 1)
        ]


class AttendanceForm(forms.Form):
    attended = forms.IntegerField(label=_("Wie viele Personen waren da?"), min_value=0, max_value=100000)
