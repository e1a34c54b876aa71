from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.core.forms import DateField, FilterForm, ModelMultipleChoiceField
from quartier.core.text import unique_slug
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project, ProjectUpdate


class ProjectFilterForm(FilterForm):
    """The GET filters of the public project list; unknown values are simply ignored."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("Ortsteil"), queryset=District.objects.as_choices(), required=False, to_field_name="slug"
    )
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), required=False, to_field_name="slug"
    )
    status = forms.ChoiceField(label=_("Stand"), choices=[("", _("alle")), *Project.Status.choices], required=False)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "fields_of_action",
            "districts",
            "status",
            "lead",
            "partners",
            "budget_planned",
            "budget_spent",
            "start",
            "end",
            "image",
            "image_alt",
        ]
        field_classes = {
            "start": DateField,
            "end": DateField,
            "districts": ModelMultipleChoiceField,
            "fields_of_action": ModelMultipleChoiceField,
        }
        widgets = {
            "fields_of_action": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leer lassen: wird aus dem Titel gebildet (ü wird ue).")
        # Staff choose among their own districts; a district they do not work in that the
        # project already has stays on it (services.update_project keeps it).
        districts = cast(forms.ModelChoiceField, self.fields["districts"])
        districts.queryset = District.objects.staffed_by(user)
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = (
            User.objects.filter(staffed_districts__isnull=False).distinct().order_by("name")
        )

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        title = self.cleaned_data.get("title")  # cleaned before the slug: it comes first
        if slug or not title:
            return slug
        return unique_slug(
            Project.objects.exclude(pk=self.instance.pk),
            title,
            max_length=160,
            fallback="projekt",
            url_name="projects:detail",
        )


class ProjectUpdateForm(forms.ModelForm):
    class Meta:
        model = ProjectUpdate
        fields = ["date", "title", "body"]
        field_classes = {"date": DateField}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
