from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import DateField, DateTimeField, FilterForm
from quartier.core.images import ImageUploadField
from quartier.network.models import Organisation
from quartier.places.models import District
from quartier.resources.models import BookableBy, Kind, Resource

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ResourceFilterForm(FilterForm):
    """The GET filters of the list; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("Ortsteil"), queryset=District.objects.only("name", "slug"), required=False, to_field_name="slug"
    )
    kind = forms.ChoiceField(label=_("Art"), choices=[("", _("alle")), *Kind.choices], required=False)
    free_from = DateTimeField(label=_("Frei von"), required=False, widget=DATETIME_WIDGET)
    free_until = DateTimeField(label=_("Frei bis"), required=False, widget=DATETIME_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("free_from"), data.get("free_until")
        if (start is None) != (end is None):
            self.add_error("free_until" if start else "free_from", _("Bitte geben Sie Beginn und Ende an."))
        elif start and end and end <= start:
            self.add_error("free_until", _("Das Ende muss nach dem Beginn liegen."))
        return data


class BookingForm(forms.Form):
    """What a resident types to request a booking; the rules of the period are the service's.
    A partner of organisations (``organisations``, those they may book for) chooses whether to
    book in one's name; a resource for organisations takes only such bookings."""

    start = DateTimeField(label=_("Von"), widget=DATETIME_WIDGET)
    end = DateTimeField(label=_("Bis"), widget=DATETIME_WIDGET)
    people = forms.IntegerField(label=_("Wie viele Personen kommen?"), min_value=1, max_value=10000, required=False)
    for_organisation = forms.ModelChoiceField(
        label=_("Im Namen Ihrer Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("nicht im Namen einer Organisation"),
    )
    organisation = forms.CharField(label=_("Verein oder Organisation"), max_length=150, required=False)
    purpose = forms.CharField(label=_("Wofür brauchen Sie es?"), max_length=300)
    phone = forms.CharField(
        label=_("Telefon für Rückfragen"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )

    def __init__(
        self, *args: Any, resource: Resource, organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.resource = resource
        if not resource.is_room:
            del self.fields["people"]
        elif resource.capacity:
            self.fields["people"].help_text = _("Höchstens %(count)s") % {"count": resource.capacity}
        # The free text is for staff at the counter; residents choose among their organisations.
        del self.fields["organisation"]
        if organisations is None:
            del self.fields["for_organisation"]
        else:
            choice = cast(forms.ModelChoiceField, self.fields["for_organisation"])
            choice.queryset = organisations
            if resource.bookable_by == BookableBy.ORGANISATIONS:
                choice.required = True
                choice.empty_label = None
                choice.help_text = _("Diese Ausleihe buchen nur Vereine und Organisationen.")


class StaffBookingForm(BookingForm):
    """Staff book at the counter or on the phone for someone, or for the office itself."""

    for_office = forms.BooleanField(label=_("Für das Büro selbst"), required=False)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-Mail (für die Bestätigung)"), required=False)

    repeat = forms.ChoiceField(
        label=_("Wiederholung"),
        choices=[("", _("einmalig")), ("weekly", _("jede Woche")), ("biweekly", _("alle zwei Wochen"))],
        required=False,
    )
    repeat_until = DateField(label=_("Wiederholen bis"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    repeat_count = forms.IntegerField(label=_("oder Anzahl der Termine"), min_value=2, max_value=60, required=False)
    skip_collisions = forms.BooleanField(
        label=_("Die schon belegten Termine auslassen und die übrigen buchen"), required=False
    )

    field_order = [
        "for_office",
        "name",
        "email",
        "phone",
        "start",
        "end",
        "repeat",
        "repeat_until",
        "repeat_count",
        "people",
        "for_organisation",
        "organisation",
        "purpose",
        "skip_collisions",
    ]

    def __init__(self, *args: Any, resource: Resource, **kwargs: Any) -> None:
        # Staff book in the name of any organisation of the resource's district.
        organisations = Organisation.objects.filter(districts=resource.district_id).order_by("name", "pk")
        super().__init__(*args, resource=resource, organisations=organisations, **kwargs)
        self.fields["purpose"].label = _("Wofür")
        choice = cast(forms.ModelChoiceField, self.fields["for_organisation"])
        choice.label = _("Im Namen der Organisation")
        choice.required = False
        choice.empty_label = _("keine")
        choice.help_text = ""
        if resource.bookable_by == BookableBy.ORGANISATIONS:
            self.fields["organisation"] = forms.CharField(
                label=_("Verein oder Organisation (falls nicht im Verzeichnis)"), max_length=150, required=False
            )
            self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("for_office") and not data.get("name"):
            self.add_error("name", _("Bitte geben Sie an, für wen Sie buchen, oder buchen Sie für das Büro."))
        if data.get("repeat"):
            until, count, start = data.get("repeat_until"), data.get("repeat_count"), data.get("start")
            if not until and not count:
                self.add_error("repeat_until", _("Bitte geben Sie ein Enddatum oder eine Anzahl an."))
            elif until and count:
                self.add_error("repeat_count", _("Bitte nur Enddatum oder Anzahl angeben, nicht beides."))
            elif until and start and until < start.date():
                self.add_error("repeat_until", _("Das Enddatum liegt vor dem ersten Termin."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung für die Person"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Begründung (optional)"), max_length=500, required=False)


class ChecklistForm(forms.Form):
    """Handover or return: the contents list as a checklist, condition notes, the deposit."""

    present = forms.MultipleChoiceField(
        label=_("Vollständig? Haken Sie an, was da ist."), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Zustand"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    deposit = forms.BooleanField(required=False)

    def __init__(self, *args: Any, resource: Resource, returning: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resource = resource
        items = resource.content_items()
        if items:
            cast("forms.ChoiceField", self.fields["present"]).choices = [(item, item) for item in items]
        else:
            del self.fields["present"]
        self.fields["deposit"].label = _("Kaution zurückgegeben") if returning else _("Kaution erhalten")
        if returning:
            self.fields["damage_report"] = forms.CharField(
                label=_("Schaden"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields["damage_photo"] = ImageUploadField(label=_("Foto des Schadens"), required=False)

    def missing(self) -> list[str]:
        if "present" not in self.fields:
            return []
        present = set(self.cleaned_data.get("present") or [])
        return [item for item in self.resource.content_items() if item not in present]


class CalendarForm(forms.Form):
    view = forms.ChoiceField(choices=[("month", "month"), ("week", "week")], required=False)
    date = forms.DateField(required=False)

    def period(self, today: Any) -> tuple[str, Any]:
        view, day = "month", today
        if self.is_valid():
            view = self.cleaned_data["view"] or "month"
            day = self.cleaned_data["date"] or today
            if not 1900 <= day.year <= 2999:
                day = today
        return view, day


class ResourceForm(forms.ModelForm):
    """A thing or a room, kept by staff of its district."""

    class Meta:
        model = Resource
        fields = [
            "district",
            "kind",
            "name",
            "summary",
            "description",
            "photo",
            "contents",
            "conditions",
            "deposit",
            "fee",
            "capacity",
            "accessibility",
            "bookable_by",
            "requires_approval",
            "buffer_before",
            "buffer_after",
            "min_minutes",
            "max_minutes",
            "max_days_ahead",
            "handover_from",
            "handover_until",
            "is_active",
            "organisation",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "contents": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "handover_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "handover_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.staffed_by(user)
        owner = cast(forms.ModelChoiceField, self.fields["organisation"])
        # The organisations of one's districts, and the owner already chosen (maybe elsewhere).
        mine = Organisation.objects.editable_by(user).values("pk")
        current = self.instance.organisation_id if self.instance else None
        owner.queryset = Organisation.objects.filter(Q(pk__in=mine) | Q(pk=current)).order_by("name", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_minutes"), data.get("max_minutes")
        if low is not None and high is not None and high < low:
            self.add_error("max_minutes", _("Die längste Buchung darf nicht kürzer sein als die kürzeste."))
        start, end = data.get("handover_from"), data.get("handover_until")
        if (start is None) != (end is None):
            self.add_error("handover_until" if start else "handover_from", _("Bitte geben Sie beide Uhrzeiten an."))
        elif start and end and end <= start:
            self.add_error("handover_until", _("Das Ende muss nach dem Beginn liegen."))
        if data.get("kind") != Kind.ROOM and data.get("capacity"):
            self.add_error("capacity", _("Die Personenzahl gilt nur für Räume."))
        return data
