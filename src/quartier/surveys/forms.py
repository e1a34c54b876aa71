from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import DateTimeField
from quartier.core.permissions import is_administrator, is_coordinator
from quartier.places.models import District
from quartier.surveys.models import Question, Survey
from quartier.surveys.results import RATINGS

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "district", "opens_at", "closes_at", "requires_account"]
        field_classes = {"opens_at": DateTimeField, "closes_at": DateTimeField}
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
        help_texts = {
            "choices": _(
                "Eine pro Zeile. Bei einer Bewertung von 1 bis 5: zwei Zeilen, was 1 und was 5 bedeutet "
                "(z. B. „gar nicht gern“ und „sehr gern“)."
            )
        }


class SurveyAnswerForm(forms.Form):
    """One field per question, named q<pk>."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = _field_for(question)

    def answers(self) -> list[tuple[Question, list[str], str]]:
        result: list[tuple[Question, list[str], str]] = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == Question.Kind.TEXT:
                if value:
                    result.append((question, [], value))
            elif value:
                result.append((question, list(value) if isinstance(value, list) else [value], ""))
        return result


def _field_for(question: Question) -> forms.Field:
    label, required = question.text, question.required
    if question.kind == Question.Kind.TEXT:
        return forms.CharField(
            label=label, required=required, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
        )
    if question.kind == Question.Kind.RATING:
        choices = [(value, value) for value in RATINGS]
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=choices,
            widget=forms.RadioSelect,
            help_text=question.scale_hint(),
        )
    choices = [(choice, choice) for choice in question.choice_list()]
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label, required=required, choices=choices, widget=forms.CheckboxSelectMultiple
        )
    return forms.ChoiceField(label=label, required=required, choices=choices, widget=forms.RadioSelect)
