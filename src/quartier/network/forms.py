from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import FilterForm
from quartier.core.text import unique_slug
from quartier.network.models import Organisation
from quartier.places.models import District
from quartier.projects.models import FieldOfAction, Project


class OrganisationFilterForm(FilterForm):
    """The GET filters of the public directory; unknown values are simply ignored."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("Ortsteil"), queryset=District.objects.as_choices(), required=False, to_field_name="slug"
    )
    kind = forms.ChoiceField(label=_("Art"), choices=[("", _("alle")), *Organisation.Kind.choices], required=False)
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), required=False, to_field_name="slug"
    )


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "slug",
            "kind",
            "districts",
            "fields_of_action",
            "street",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "opening_hours",
            "description",
            "logo",
            "logo_alt",
            "projects",
        ]
        widgets = {
            "districts": forms.CheckboxSelectMultiple,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leer lassen: wird aus dem Namen gebildet (ü wird ue).")
        self.fields["latitude"].help_text = _("Für die Karte, z. B. 50.8967")
        self.fields["longitude"].help_text = _("Für die Karte, z. B. 7.8722")
        # Staff choose among their own districts; a district they do not work in that the
        # organisation already has stays on it (services.update_organisation keeps it).
        cast(forms.ModelChoiceField, self.fields["districts"]).queryset = District.objects.staffed_by(user)
        cast(forms.ModelChoiceField, self.fields["projects"]).queryset = Project.objects.order_by("title")

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        name = self.cleaned_data.get("name")  # cleaned before the slug: it comes first
        if slug or not name:
            return slug
        return unique_slug(
            Organisation.objects.exclude(pk=self.instance.pk), name, max_length=160, fallback="organisation"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Bitte geben Sie Breiten- und Längengrad zusammen an (oder keinen von beiden)."))
        return data
