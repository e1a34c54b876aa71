from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.core.forms import DateField, FilterForm, ModelMultipleChoiceField, SlugChoiceField
from quartier.core.text import unique_slug
from quartier.funding.documents import ACCEPT, max_bytes
from quartier.funding.models import Application, Document, PlanLine, Programme, Status
from quartier.network.models import Organisation
from quartier.places.models import FieldOfAction
from quartier.projects.models import Project

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_euros(text: str) -> str:
    """An amount as typed, made plain for Decimal: "1.234,50", "1234,50", "1 234,50 €" and
    "1234.50" all give "1234.50". With a comma, points group thousands; without one, a point
    followed by exactly three digits in groups does too ("1.234" is 1234 €), else it is the
    decimal point."""
    text = text.strip().removesuffix("€").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    unsigned = text.removeprefix("-")
    if GROUPED.match(unsigned):
        return text.replace(".", "")
    return text


class EuroField(forms.DecimalField):
    """Euros to the cent, written as Germans do ("1.234,50") or with a decimal point."""

    default_error_messages = {  # Django's pattern
        "min_value": _("Beträge können nicht negativ sein."),
        "invalid": _("Bitte geben Sie einen Betrag in Euro an, z. B. 1.234,50."),
        "max_decimal_places": _(
            "Bitte geben Sie den Betrag auf den Cent genau an (höchstens zwei Stellen nach dem Komma)."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(max_digits=12, decimal_places=2, localize=True, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = parse_euros(value)
        return super().to_python(value)


def euro_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    """Euros to the cent, written with a comma or a point."""
    return EuroField(label=label, required=required)


class ProgrammeFilterForm(FilterForm):
    provider = forms.ChoiceField(
        label=_("Fördergeber"), choices=[("", _("alle")), *Programme.Provider.choices], required=False
    )
    field = SlugChoiceField(label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), required=False)


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    programme = forms.ModelChoiceField(label=_("Förderprogramm"), queryset=Programme.objects.order_by("name"))
    projects = ModelMultipleChoiceField(label=_("Projekte"), queryset=Project.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Antragsteller (Partnerorganisation)"),
        help_text=_("Leer lassen, wenn das Quartiersbüro selbst beantragt."),
        queryset=Organisation.objects.only("pk", "name").order_by("name"),
        required=False,
    )
    requested = euro_field(_("Beantragt (€)"))
    own_contribution = euro_field(_("Eigenanteil (€)"), required=False)
    third_party = euro_field(_("Drittmittel (€)"), required=False)
    submission_deadline = DateField(label=_("Einreichungsfrist"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.editable_by(user).only("pk", "title").order_by("title")  # type: ignore[attr-defined]


class StepForm(forms.Form):
    to = forms.ChoiceField(label=_("Nächster Schritt"))
    on = DateField(label=_("Datum"), required=False, widget=DATE_WIDGET, help_text=_("Leer: heute."))
    amount = euro_field(_("Betrag (€): bewilligt oder abgerufen"), required=False)
    proof_due = DateField(label=_("Verwendungsnachweis fällig am"), required=False, widget=DATE_WIDGET)
    fund_call_due = DateField(
        label=_("Nächster Mittelabruf bis"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Nach einer Bewilligung oder einem Abruf: bis wann die nächste Rate abzurufen ist."),
    )
    note = forms.CharField(label=_("Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every status is offered to the parser so a forbidden step reaches the service and gets
        # its message; the select shows only the steps the pipeline allows.
        to = cast("forms.ChoiceField", self.fields["to"])
        to.choices = Status.choices
        to.widget.choices = application.allowed_steps()


class ProgrammeForm(forms.ModelForm):
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Programme
        fields = [
            "name",
            "provider",
            "provider_name",
            "link",
            "funding_rate",
            "minimum_amount",
            "maximum_amount",
            "own_contribution",
            "deadline_kind",
            "deadline",
            "eligibility",
            "fields_of_action",
            "notes",
            "public",
        ]
        widgets = {
            "fields_of_action": forms.CheckboxSelectMultiple,
            "deadline": DATE_WIDGET,
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"deadline": DateField, "fields_of_action": ModelMultipleChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("minimum_amount", "maximum_amount"):
            self.fields[name] = EuroField(
                label=self.fields[name].label, required=False, help_text=self.fields[name].help_text
            )
        for name in ("funding_rate",):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True

    def _post_clean(self) -> None:
        if not self.instance.slug and self.cleaned_data.get("name"):
            self.instance.slug = unique_slug(
                Programme.objects.all(), self.cleaned_data["name"], max_length=200, fallback="programm"
            )
        super()._post_clean()  # type: ignore[misc]  # Django's, missing from the stubs


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=Document.Kind.choices, initial=Document.Kind.OTHER)
    title = forms.CharField(label=_("Bezeichnung"), max_length=200, required=False, help_text=_("Leer: der Dateiname."))
    file = forms.FileField(
        label=_("Datei"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Bitte wählen Sie eine Datei."), "empty": _("Die Datei ist leer.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "document")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF oder Bild (JPEG, PNG, WebP), höchstens %(mb)d MB.") % {
            "mb": max_bytes() // (1024 * 1024)
        }


class ConditionForm(forms.Form):
    text = forms.CharField(label=_("Auflage"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    due = DateField(label=_("Fällig am"), required=False, widget=DATE_WIDGET)
    responsible = forms.ModelChoiceField(
        label=_("Zuständig"),
        help_text=_("Leer: die Mitarbeitenden der Ortsteile des Antrags."),
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "condition")
        super().__init__(*args, **kwargs)
        districts = Project.districts.through.objects.filter(project__funding_applications=application).values(
            "district_id"
        )
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True)
            .filter(Q(is_coordinator=True) | Q(staffed_districts__in=districts))
            .distinct()
            .order_by("name", "email")
        )
        self.fields["responsible"].label_from_instance = lambda user: user.name or user.email  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    funded_from = DateField(label=_("Förderzeitraum von"), required=False, widget=DATE_WIDGET)
    funded_until = DateField(label=_("Förderzeitraum bis"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("funded_from") and data.get("funded_until") and data["funded_until"] < data["funded_from"]:
            self.add_error("funded_until", _("Der Förderzeitraum endet vor seinem Beginn."))
        return data


class PlanLineForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1)
    category = forms.ChoiceField(label=_("Art"), choices=[("", _("– bitte wählen –")), *PlanLine.Category.choices])
    description = forms.CharField(label=_("Beschreibung"), max_length=200, required=False)
    planned = EuroField(label=_("Plan (€)"), required=False)
    actual = EuroField(label=_("Ist (€)"), required=False)

    def __init__(self, *args: Any, plan_open: bool = True, actual_open: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("category", "description", "planned"):
            self.fields[name].disabled = not plan_open
        self.fields["actual"].disabled = not actual_open


class BasePlanFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            line = form.cleaned_data.get("line")
            if line is not None and line in seen:
                raise forms.ValidationError(_("Eine Zeile ist doppelt angegeben."))
            if line is not None:
                seen.add(line)


PlanFormSet = forms.formset_factory(
    PlanLineForm, formset=BasePlanFormSet, extra=3, can_delete=True, max_num=200, validate_max=True, absolute_max=200
)


class ProofReportForm(forms.Form):
    report = forms.CharField(
        label=_("Sachbericht"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: Leerzeilen trennen Absätze, **fett**, Listen mit -."),
    )
