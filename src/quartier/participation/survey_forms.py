from __future__ import annotations

from typing import Any

from django import forms

from quartier.core.permissions import is_administrator, is_coordinator
from quartier.participation.survey_models import Question, Survey
from quartier.places.models import District

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "district", "opens_at", "closes_at", "requires_account"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        if not (is_coordinator(user) or is_administrator(user)):
            # Staff ask their own districts; a town-wide survey is for coordinators.
            district.queryset = District.objects.staffed_by(user)  # type: ignore[attr-defined]
            district.required = True
            district.help_text = ""


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["position", "text", "kind", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}
