from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.core import registry
from quartier.core.forms import DateField, DateTimeField, FilterForm, ModelMultipleChoiceField
from quartier.core.text import slug_shadowed, unique_slug
from quartier.network.models import AgendaItem, ContactPerson, Meeting, Membership, Organisation, RoundTable
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project
from quartier.volunteering.models import HelperCall

# /netzwerk/runde-tische/ lists the round tables, /netzwerk/einladung/ holds the partners'
# invitations: no organisation may take those addresses.
RESERVED_SLUGS = {"runde-tische", "einladung"}


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
        field_classes = {
            "districts": ModelMultipleChoiceField,
            "fields_of_action": ModelMultipleChoiceField,
            "projects": ModelMultipleChoiceField,
        }  # ids beyond 64 bits get a message
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
        if slug in RESERVED_SLUGS or (slug and slug_shadowed(slug, "network:detail")):
            raise ValidationError(_("Dieser Kurzname ist für andere Seiten des Netzwerks reserviert."))
        if slug or not name:
            return slug
        return unique_slug(
            Organisation.objects.exclude(pk=self.instance.pk),
            name,
            max_length=160,
            fallback="organisation",
            url_name="network:detail",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Bitte geben Sie Breiten- und Längengrad zusammen an (oder keinen von beiden)."))
        return data


# Round tables ---------------------------------------------------------------------------------

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RoundTableForm(forms.ModelForm):
    class Meta:
        model = RoundTable
        field_classes = {"districts": ModelMultipleChoiceField}  # ids beyond 64 bits get a message
        fields = ["name", "slug", "description", "districts", "publishes_minutes"]
        widgets = {"districts": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leer lassen: wird aus dem Namen gebildet (ü wird ue).")
        cast(forms.ModelChoiceField, self.fields["districts"]).queryset = District.objects.staffed_by(user)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        name = self.cleaned_data.get("name")
        if slug and slug_shadowed(slug, "network:round_table"):
            raise ValidationError(_("Dieser Kurzname ist für andere Seiten des Netzwerks reserviert."))
        if slug or not name:
            return slug
        return unique_slug(
            RoundTable.objects.exclude(pk=self.instance.pk),
            name,
            max_length=160,
            fallback="netzwerk",
            url_name="network:round_table",
        )


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Person (E-Mail-Adresse ihres Kontos)"), required=False, help_text=_("Die Person braucht ein Konto.")
    )
    organisation = forms.ModelChoiceField(
        label=_("oder Organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, round_table: RoundTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = Membership.objects.filter(round_table=round_table, organisation__isnull=False).values("organisation")
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = (
            Organisation.objects.exclude(pk__in=taken).order_by("name").only("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, organisation = data.get("email"), data.get("organisation")
        if bool(email) == bool(organisation):
            raise ValidationError(_("Bitte geben Sie entweder eine E-Mail-Adresse oder eine Organisation an."))
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                self.add_error("email", _("Zu dieser Adresse gibt es kein Konto."))
            data["user"] = user
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["start", "end", "place", "agenda_deadline"]
        field_classes = {"start": DateTimeField, "end": DateTimeField, "agenda_deadline": DateTimeField}
        widgets = {"start": DATETIME_WIDGET, "end": DATETIME_WIDGET, "agenda_deadline": DATETIME_WIDGET}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            # Other apps' parts (a room booked for the meeting), saved by ``save_meeting``.
            registry.extend_occasion_form(self, self.instance, user)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Protokoll (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    attendees = ModelMultipleChoiceField(
        label=_("Anwesend"), queryset=Membership.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["attendees"])
        field.queryset = meeting.round_table.memberships.select_related("user", "organisation").order_by("pk")


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Beschluss"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Aufgabe"), max_length=200)
    owner = forms.ChoiceField(label=_("Zuständig"))
    due = DateField(label=_("Fällig am"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        memberships = meeting.round_table.memberships.select_related("user", "organisation").order_by("pk")
        self.members = {(f"o{m.organisation_id}" if m.organisation_id else f"u{m.user_id}"): m for m in memberships}
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            ("", _("bitte wählen")),
            *((key, str(membership)) for key, membership in self.members.items()),
        ]

    def owner_kwargs(self) -> dict[str, Any]:
        membership = self.members[self.cleaned_data["owner"]]
        if membership.organisation_id:
            return {"owner_organisation": membership.organisation}
        return {"owner_user": membership.user}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DecisionSearchForm(FilterForm):
    q = forms.CharField(label=_("Suche in Beschlüssen"), required=False, max_length=100)


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone", "is_public"]


class PartnerInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Person"))


class PartnerOrganisationForm(forms.ModelForm):
    """What a partner keeps in the entry (see services.PARTNER_FIELDS)."""

    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
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
        ]
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Bitte geben Sie Breiten- und Längengrad zusammen an (oder keinen von beiden)."))
        return data


class PartnerCallForm(forms.ModelForm):
    """A helper call a partner proposes in the organisation's name: in one of its districts;
    the shifts come from volunteering's pattern form beside it."""

    class Meta:
        model = HelperCall
        field_classes = {"fields_of_action": ModelMultipleChoiceField}
        fields = ["title", "text", "district", "fields_of_action", "contact_name", "contact_phone", "cancel_hours"]
        widgets = {"fields_of_action": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = cast(forms.ModelChoiceField, self.fields["district"])
        district.queryset = organisation.districts.order_by("name", "pk")
        district.required = True
        district.help_text = ""
