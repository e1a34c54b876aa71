from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User


class SignupForm(forms.Form):
    """What allauth's sign-up form asks beside e-mail and password (``ACCOUNT_SIGNUP_FORM_CLASS``):
    the name the site shows, so that no public name is ever taken from the e-mail address."""

    field_order = ["email", "name", "password1", "password2"]

    name = forms.CharField(
        label=_("Name, der auf der Website erscheint"),
        max_length=150,
        help_text=_("Ein Vorname oder ein Fantasiename genügt. So werden Ihre Ideen und Kommentare unterschrieben."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Bitte geben Sie einen Namen an."))
        return name

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class ProfileForm(forms.ModelForm):
    """The name the site shows and, for district staff, how they hear of what is new."""

    class Meta:
        model = User
        fields = ["name", "staff_mail"]
        widgets = {"staff_mail": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.staffed_districts.exists():
            del self.fields["staff_mail"]


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, ich möchte mein Konto endgültig löschen."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten.")},
    )
