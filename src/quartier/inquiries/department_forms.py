"""Forms of forwarding: the department list, the forward, and the department's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import ModelMultipleChoiceField
from quartier.core.images import ImageUploadField
from quartier.inquiries.departments import Department, Forward
from quartier.inquiries.models import Inquiry


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        field_classes = {"categories": ModelMultipleChoiceField}  # ids beyond 64 bits get a message
        fields = ["name", "email", "categories", "response_days", "is_external", "is_active"]
        widgets = {"categories": forms.CheckboxSelectMultiple}


class ForwardForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Fachstelle"), queryset=Department.objects.active())
    note = forms.CharField(
        label=_("Hinweis an die Fachstelle"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    include_contact = forms.BooleanField(
        label=_("Name und Kontakt der absendenden Person mitgeben"),
        required=False,
        help_text=_("Nur wenn die Fachstelle die Person erreichen muss. Die Wahl steht im Verlauf."),
    )

    def __init__(self, *args: Any, suggestion: Department | None = None, **kwargs: Any) -> None:
        if suggestion is not None:
            kwargs.setdefault("initial", {})["department"] = suggestion
        super().__init__(*args, **kwargs)
        if suggestion is not None:
            self.fields["department"].help_text = _("Vorschlag für diese Kategorie: %(name)s") % {
                "name": suggestion.name
            }


class ForwardAnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Stand"),
        choices=[(value, label) for value, label in Forward.State.choices if value != Forward.State.SENT],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Ihre Antwort"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Bei „Nicht zuständig“ bitte mit Grund, gern mit der zuständigen Stelle."),
    )
    photo = ImageUploadField(
        label=_("Foto"),
        required=False,
        max_bytes=settings.INQUIRY_PHOTO_MAX_BYTES,
        help_text=_("Zum Beispiel nach der Reparatur. JPEG, PNG oder WebP, höchstens 10 MB."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state") == Forward.State.NOT_RESPONSIBLE and not data.get("answer", "").strip():
            self.add_error("answer", _("Bitte nennen Sie einen Grund, warum Sie nicht zuständig sind."))
        return data


def forwarding_context(inquiry: Inquiry, data: Any = None) -> dict[str, Any]:
    """What the inquiry's staff page shows of its forwards, and the form to forward it (two queries)."""
    return {
        "forwards": list(inquiry.forwards.select_related("department")),
        "forward_form": ForwardForm(data, suggestion=Department.objects.suggested_for(inquiry.category)),
    }
