from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.core.forms import DateField, DateTimeField, FilterForm, ModelMultipleChoiceField, SlugChoiceField
from quartier.places.models import District, FieldOfAction
from quartier.volunteering.models import HelperCall, OtherHours, Requirement, Shift, VolunteerProfile
from quartier.volunteering.services import ShiftPattern

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallFilterForm(FilterForm):
    """The GET filters of the public list; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    district = SlugChoiceField(label=_("Ortsteil"), queryset=District.objects.only("name", "slug"), required=False)
    field = SlugChoiceField(label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), required=False)
    requirement = SlugChoiceField(label=_("Voraussetzung"), queryset=Requirement.objects.all(), required=False)
    date = DateField(label=_("Ab Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    free = forms.BooleanField(label=_("Nur mit freien Plätzen"), required=False)


class ShiftChoiceField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} · {obj.place}"


class SignUpForm(forms.Form):
    shifts = ShiftChoiceField(label=_("Schichten"), queryset=Shift.objects.none())
    name = forms.CharField(label=_("Ihr Name"), max_length=160)
    email = forms.EmailField(label=_("Ihre E-Mail-Adresse"))
    phone = forms.CharField(label=_("Telefon (freiwillig)"), max_length=40, required=False)
    age = forms.IntegerField(
        label=_("Ihr Alter in Jahren"),
        help_text=_("Nur nötig für Schichten mit Mindestalter; wir speichern es nicht."),
        min_value=0,
        max_value=120,
        required=False,
    )

    def __init__(self, *args: Any, call: HelperCall, user: Any = None, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shifts = cast("forms.ModelMultipleChoiceField", self.fields["shifts"])
        shifts.queryset = call.shifts.filter(start__gt=timezone.now()).order_by("start", "pk")
        shifts.error_messages["required"] = _("Bitte wählen Sie mindestens eine Schicht.")
        if user is not None and user.is_authenticated and not staff:
            del self.fields["name"], self.fields["email"]


class CallForm(forms.ModelForm):
    class Meta:
        model = HelperCall
        field_classes = {"fields_of_action": ModelMultipleChoiceField}  # ids beyond 64 bits get a message
        fields = [
            "title",
            "text",
            "district",
            "project",
            "event",
            "fields_of_action",
            "contact_name",
            "contact_phone",
            "cancel_hours",
            "is_published",
        ]
        widgets = {"fields_of_action": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["project"].queryset = self.fields["project"].queryset.order_by("title")  # type: ignore[attr-defined]
        self.fields["event"].queryset = self.fields["event"].queryset.order_by("-start")  # type: ignore[attr-defined]
        # Other apps' parts (equipment booked for the shifts), saved by ``create_call``.
        registry.extend_occasion_form(self, self.instance, user)

    def clean_district(self) -> District | None:
        district = self.cleaned_data.get("district")
        if not self.user.has_perm("volunteering.manage_call", HelperCall(district=district)):
            raise forms.ValidationError(_("Sie können nur Gesuche für Ihre Ortsteile anlegen."))
        return district


class PatternForm(forms.Form):
    """The shifts of a new call in one go: e.g. three shifts of three hours on each of two days."""

    first_day = DateField(label=_("Erster Tag"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    days = forms.IntegerField(label=_("Anzahl Tage"), min_value=1, max_value=31, initial=1)
    first_start = forms.TimeField(label=_("Beginn der ersten Schicht"), widget=forms.TimeInput(attrs={"type": "time"}))
    shifts_per_day = forms.IntegerField(label=_("Schichten pro Tag"), min_value=1, max_value=12, initial=1)
    hours = forms.DecimalField(
        label=_("Dauer einer Schicht (Stunden)"), min_value=0.25, max_value=24, decimal_places=2, initial=3
    )
    people_needed = forms.IntegerField(label=_("Benötigte Personen je Schicht"), min_value=1, max_value=500, initial=3)
    place = forms.CharField(label=_("Ort"), max_length=200)
    min_age = forms.IntegerField(label=_("Mindestalter (freiwillig)"), min_value=0, max_value=99, required=False)
    requirements = ModelMultipleChoiceField(
        label=_("Voraussetzungen"),
        queryset=Requirement.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("shifts_per_day") and data.get("hours") and data.get("first_start"):
            start = data["first_start"]
            minutes = start.hour * 60 + start.minute + float(data["hours"]) * 60 * data["shifts_per_day"]
            if minutes > 24 * 60:
                raise forms.ValidationError(_("Die Schichten eines Tages müssen am selben Tag enden."))
        return data

    def pattern(self) -> ShiftPattern:
        data = self.cleaned_data
        return ShiftPattern(
            first_day=data["first_day"],
            days=data["days"],
            first_start=data["first_start"],
            shifts_per_day=data["shifts_per_day"],
            hours=float(data["hours"]),
            people_needed=data["people_needed"],
            place=data["place"],
            min_age=data["min_age"],
        )


class ShiftForm(forms.Form):
    start = DateTimeField(label=_("Beginn"), widget=DATETIME_WIDGET)
    end = DateTimeField(label=_("Ende"), widget=DATETIME_WIDGET)
    place = forms.CharField(label=_("Ort"), max_length=200)
    people_needed = forms.IntegerField(label=_("Benötigte Personen"), min_value=1, max_value=500)
    min_age = forms.IntegerField(label=_("Mindestalter (freiwillig)"), min_value=0, max_value=99, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("Eine Schicht muss nach ihrem Beginn enden."))
        return data


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=150)
    body = forms.CharField(label=_("Nachricht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))


class InspectionForm(forms.Form):
    """§ 72a (5) SGB VIII: only the certificate's date and whether it shows a relevant entry."""

    certificate_date = DateField(
        label=_("Ausstellungsdatum des Führungszeugnisses"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    relevant_entry = forms.BooleanField(label=_("Einschlägiger Eintrag nach § 72a Abs. 1 SGB VIII"), required=False)


class OtherHoursForm(forms.ModelForm):
    day = DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hours = forms.DecimalField(label=_("Stunden"), min_value=0.25, max_value=24, decimal_places=2)

    class Meta:
        model = OtherHours
        fields = ["district", "activity", "organisation", "day", "hours"]
        help_texts = {"district": _("Das Team dieses Ortsteils bestätigt die Stunden.")}


AVAILABILITY_CHOICES = [
    ("weekday_mornings", _("werktags vormittags")),
    ("weekday_afternoons", _("werktags nachmittags")),
    ("weekday_evenings", _("werktags abends")),
    ("weekends", _("am Wochenende")),
]


class ProfileForm(forms.ModelForm):
    """The resident's own volunteer profile; the times are one group of checkboxes."""

    availability = forms.MultipleChoiceField(
        label=_("Wann Sie meist Zeit haben"),
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = VolunteerProfile
        fields = ["skills", "fields_of_action", "districts", "may_ask", "birth_year"]
        widgets = {"fields_of_action": forms.CheckboxSelectMultiple, "districts": forms.CheckboxSelectMultiple}
        field_classes = {"fields_of_action": ModelMultipleChoiceField, "districts": ModelMultipleChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["availability"].initial = [
                name for name, _label in AVAILABILITY_CHOICES if getattr(self.instance, name)
            ]
        self.order_fields(["skills", "fields_of_action", "districts", "availability", "may_ask", "birth_year"])


class MatchFilterForm(FilterForm):
    skill = forms.CharField(label=_("Fähigkeit (freiwillig)"), required=False, max_length=100)


class InviteForm(forms.Form):
    """Whom of the matching volunteers to invite."""

    profiles = forms.TypedMultipleChoiceField(
        label=_("Wen möchten Sie per E-Mail einladen?"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    skill = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args: Any, profiles: list[VolunteerProfile], **kwargs: Any) -> None:
        # Its own ids: the filter form above it on the same page has a "skill" field too.
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)
        field = cast("forms.TypedMultipleChoiceField", self.fields["profiles"])
        field.choices = [
            (p.pk, f"{p.user.public_name} – {p.skills}" if p.skills else p.user.public_name) for p in profiles
        ]
        field.error_messages["required"] = _("Bitte wählen Sie mindestens eine passende Person.")
