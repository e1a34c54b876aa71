from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import DateTimeField, FilterForm, ModelMultipleChoiceField
from quartier.core.permissions import sees_every_district, staff_district_ids
from quartier.core.text import slug_shadowed, unique_slug
from quartier.network.models import Organisation
from quartier.news.models import Campaign, NewsletterList, Post
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# Addresses below /aktuelles/ that are not posts.


class PostFilterForm(FilterForm):
    """The GET filters of the Aktuelles list; unknown values are simply ignored."""

    district = forms.ModelChoiceField(
        label=_("Ortsteil"), queryset=District.objects.as_choices(), required=False, to_field_name="slug"
    )
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.all(), required=False, to_field_name="slug"
    )


class PostForm(forms.ModelForm):
    published_at = forms.DateTimeField(
        label=_("Veröffentlichen am"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=Post._meta.get_field("published_at").help_text,
    )

    class Meta:
        model = Post
        field_classes = {
            "districts": ModelMultipleChoiceField,
            "fields_of_action": ModelMultipleChoiceField,
        }  # ids beyond 64 bits get a message
        fields = [
            "title",
            "slug",
            "teaser",
            "text",
            "image",
            "image_alt",
            "districts",
            "project",
            "organisation",
            "fields_of_action",
            "published_at",
        ]
        widgets = {
            "districts": forms.CheckboxSelectMultiple,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "teaser": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leer lassen: wird aus dem Titel gebildet (ü wird ue).")
        # Staff choose among their own districts; a district they do not work in that the
        # post already has stays on it (services.update_post keeps it).
        cast(forms.ModelChoiceField, self.fields["districts"]).queryset = District.objects.staffed_by(user)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = Project.objects.order_by("title")
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.order_by("name")

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        title = self.cleaned_data.get("title")  # cleaned before the slug: it comes first
        if slug and slug_shadowed(slug, "news:detail"):
            raise ValidationError(_("Dieser Kurzname ist für andere Seiten reserviert."))
        if slug or not title:
            return slug
        return unique_slug(
            Post.objects.exclude(pk=self.instance.pk), title, max_length=160, fallback="meldung", url_name="news:detail"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen."))
        return data


class PartnerPostForm(forms.ModelForm):
    """A partner's proposal for their organisation: no publication time (staff publish it), no
    project, the districts among the organisation's; the short name comes from the title."""

    class Meta:
        model = Post
        field_classes = {"districts": ModelMultipleChoiceField, "fields_of_action": ModelMultipleChoiceField}
        fields = ["title", "teaser", "text", "image", "image_alt", "districts", "fields_of_action"]
        widgets = {
            "districts": forms.CheckboxSelectMultiple,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "teaser": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"districts": _("Die Ortsteile Ihrer Organisation, für die die Meldung gilt.")}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = cast(forms.ModelMultipleChoiceField, self.fields["districts"])
        districts.queryset = organisation.districts.order_by("name")
        districts.required = True
        districts.error_messages["required"] = _("Bitte wählen Sie mindestens einen Ortsteil Ihrer Organisation.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen."))
        if data.get("title"):
            self.instance.slug = unique_slug(
                Post.objects.all(), data["title"], max_length=160, fallback="meldung", url_name="news:detail"
            )
        return data


CONSENT_TEXT = _(
    "Ich möchte die gewählten Newsletter der Stadt per E-Mail erhalten. Meine Adresse wird nur dafür "
    "verwendet; ich kann jederzeit mit einem Klick abbestellen."
)


class ListsField(ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=NewsletterList.objects.all(),
            label=_("Newsletter"),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Bitte wählen Sie mindestens einen Newsletter.")},
            **kwargs,
        )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    lists = ListsField()
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Bitte stimmen Sie zu, damit wir Ihnen den Newsletter senden dürfen.")},
    )


class SubscriptionForm(forms.Form):
    lists = ListsField(required=False)


class ProfileSubscribeForm(forms.Form):
    """A signed-in person subscribes one of their confirmed addresses to more lists (no
    confirmation mail: the address is confirmed); the lists they have are not offered again."""

    email = forms.ChoiceField(
        label=_("E-Mail-Adresse"),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Ihrer bestätigten E-Mail-Adressen.")},
    )
    lists = ListsField()
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Bitte stimmen Sie zu, damit wir Ihnen den Newsletter senden dürfen.")},
    )

    def __init__(self, *args: Any, addresses: list[str], subscribed: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = cast(forms.ChoiceField, self.fields["email"])
        email.choices = [(address, address) for address in addresses]
        if len(addresses) == 1:
            email.initial = addresses[0]
            email.widget = forms.HiddenInput()
        lists = cast(forms.ModelMultipleChoiceField, self.fields["lists"])
        lists.queryset = NewsletterList.objects.exclude(pk__in=list(subscribed))


class CampaignForm(forms.ModelForm):
    """A campaign's text, blocks and lists: staff choose among their districts' lists and the
    town-wide topic lists (services.save_campaign checks it again)."""

    class Meta:
        model = Campaign
        field_classes = {"lists": ModelMultipleChoiceField}  # ids beyond 64 bits get a message
        fields = ["subject", "district", "lists", "text", "with_posts", "with_events", "with_calls"]
        widgets = {"lists": forms.CheckboxSelectMultiple, "text": forms.Textarea(attrs={"rows": 12})}
        error_messages = {
            "subject": {"required": _("Bitte geben Sie einen Betreff an.")},
            "lists": {"required": _("Bitte wählen Sie mindestens einen Newsletter.")},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = cast(forms.ModelChoiceField, self.fields["district"])
        district.queryset = District.objects.staffed_by(user)
        lists = cast(forms.ModelChoiceField, self.fields["lists"])
        if sees_every_district(user):
            district.empty_label = _("Ganze Stadt")
            lists.queryset = NewsletterList.objects.select_related("district").order_by("name", "pk")
        else:
            district.required = True
            district.empty_label = None
            lists.queryset = (
                NewsletterList.objects.filter(Q(district__isnull=True) | Q(district__in=staff_district_ids(user)))
                .select_related("district")
                .order_by("name", "pk")
            )
        self.fields["text"].help_text = _(
            "Markdown: **fett**, *kursiv*, Listen, Links. Die gewählten Blöcke folgen auf den Text."
        )


class ScheduleForm(forms.Form):
    at = DateTimeField(label=_("Versenden am"), widget=DATETIME_WIDGET)

    def clean_at(self) -> Any:
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise ValidationError(_("Bitte wählen Sie einen Zeitpunkt in der Zukunft."))
        return at
