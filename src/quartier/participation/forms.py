from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import FilterForm
from quartier.participation.models import Comment, Idea
from quartier.places.models import District, FieldOfAction

SORTS = {
    "new": ("-created_at", "-pk"),
    "supported": ("-support_count", "-pk"),
    "discussed": ("-comment_count", "-pk"),
}
# The German sort keys of older links, still understood (every list's keys are English).
OLD_SORTS = {"neu": "new", "unterstuetzt": "supported", "diskutiert": "discussed"}


class IdeaStatusFilterForm(FilterForm):
    """The cockpit's filter of ideas by their status."""

    status = forms.ChoiceField(label=_("Stand"), choices=[("", _("alle")), *Idea.Status.choices], required=False)


class IdeaFilterForm(FilterForm):
    """The GET filters of the public idea list; unknown values are simply ignored."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("Ortsteil"), queryset=District.objects.all(), required=False, to_field_name="slug"
    )
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), required=False, to_field_name="slug"
    )
    status = forms.ChoiceField(label=_("Stand"), choices=[("", _("alle")), *Idea.Status.choices], required=False)
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        choices=[
            ("new", _("neueste zuerst")),
            ("supported", _("meiste Unterstützung")),
            ("discussed", _("meiste Kommentare")),
        ],
        required=False,
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and data.get("sort") in OLD_SORTS:
            data = data.copy()
            data["sort"] = OLD_SORTS[data["sort"]]
        super().__init__(data, *args, **kwargs)


class IdeaForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["title", "text", "district", "field_of_action", "latitude", "longitude", "image", "image_alt"]
        help_texts = {
            "image": _("JPEG, PNG oder WebP, höchstens 5 MB. Wir entfernen Standort- und Kameradaten aus dem Bild."),
            "latitude": _("Optional: ein Ort, zum Beispiel 50.91"),
            "longitude": _("Optional: zum Beispiel 7.87"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["latitude"].widget.attrs.update(min=-90, max=90, step="any")
        self.fields["longitude"].widget.attrs.update(min=-180, max=180, step="any")

    def clean_latitude(self) -> float | None:
        return _in_range(self.cleaned_data.get("latitude"), 90)

    def clean_longitude(self) -> float | None:
        return _in_range(self.cleaned_data.get("longitude"), 180)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Bitte geben Sie für einen Ort beide Werte an oder keinen."))
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist."))
        return data


def _in_range(value: float | None, limit: int) -> float | None:
    if value is not None and not -limit <= value <= limit:
        raise forms.ValidationError(_("Dieser Wert liegt außerhalb des gültigen Bereichs."))
    return value


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class IdeaStatusForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["status", "status_explanation"]
        widgets = {"status_explanation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"status_explanation": _("Öffentlich sichtbar. Bei einer Ablehnung ist eine Begründung nötig.")}


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Was ist an diesem Beitrag nicht in Ordnung?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund (öffentlich sichtbar)"), max_length=300, widget=forms.TextInput(attrs={"size": 60})
    )


class BulkModerationForm(forms.Form):
    ACTIONS = [("hide", _("Ausblenden")), ("dismiss", _("Meldung erledigt, nichts zu tun"))]
    action = forms.ChoiceField(label=_("Aktion"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Grund (öffentlich sichtbar, nur beim Ausblenden)"), max_length=300, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Bitte geben Sie einen Grund an."))
        return data
