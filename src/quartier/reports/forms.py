from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportTextForm(forms.Form):
    introduction = forms.CharField(
        label=_("Einleitung"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    highlights = forms.CharField(
        label=_("Höhepunkte"),
        required=False,
        max_length=3000,
        help_text=_("Ein Höhepunkt pro Zeile"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
