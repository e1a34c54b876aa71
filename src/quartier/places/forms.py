from __future__ import annotations

from django import forms

from quartier.places.models import ContactPoint, District


class DistrictPortraitForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["portrait", "population"]
        widgets = {"portrait": forms.Textarea(attrs={"rows": 10})}


class ContactPointForm(forms.ModelForm):
    class Meta:
        model = ContactPoint
        fields = ["name", "street", "postcode", "city", "phone", "email", "office_hours", "notes"]
        widgets = {"office_hours": forms.Textarea(attrs={"rows": 5}), "notes": forms.Textarea(attrs={"rows": 4})}
