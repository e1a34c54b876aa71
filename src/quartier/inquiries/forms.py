from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.core.forms import FilterForm, ModelMultipleChoiceField, SlugChoiceField
from quartier.core.images import ImageUploadField
from quartier.core.models import LegalPage
from quartier.core.storage import private_storage
from quartier.inquiries.models import AnswerTemplate, Category, Inquiry
from quartier.inquiries.photos import PENDING_DIR, PENDING_MAX_AGE, PENDING_SALT
from quartier.inquiries.services import NewInquiry
from quartier.places.models import District


def _field(form: forms.Form, name: str) -> Any:
    """A form field with its choice attributes (Field's stubs do not know them)."""
    return form.fields[name]


class InquiryForm(forms.Form):
    """The public form; also the base of the form staff fill in on someone's behalf."""

    template_name = "inquiries/_inquiry_form.html"

    kind = forms.ChoiceField(label=_("Worum geht es?"), choices=Inquiry.Kind.choices, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(label=_("Thema"), queryset=Category.objects.filter(is_active=True))
    district = forms.ModelChoiceField(label=_("Ortsteil"), queryset=District.objects.as_choices())
    text = forms.CharField(label=_("Ihr Anliegen"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    address = forms.CharField(
        label=_("Ort oder Adresse"),
        max_length=200,
        required=False,
        help_text=_("z. B. Kirchweg 4 oder „am Spielplatz“"),
    )
    latitude = forms.FloatField(label=_("Breitengrad"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Längengrad"), required=False, min_value=-180, max_value=180)
    photo = ImageUploadField(
        label=_("Foto"),
        required=False,
        max_bytes=settings.INQUIRY_PHOTO_MAX_BYTES,
        help_text=_("JPEG, PNG oder WebP, höchstens 10 MB. Wir entfernen Standort- und Kameradaten aus dem Bild."),
    )
    pending_photo = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Ihr Name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"), help_text=_("Dorthin schicken wir die Bestätigung und unsere Antwort.")
    )
    public_consent = forms.BooleanField(
        label=_("Mein Hinweis darf ohne meinen Namen öffentlich gezeigt werden."),
        required=False,
        help_text=_("Gilt für Anregungen und Hinweise auf Probleme. So sehen Nachbarn, was schon gemeldet ist."),
    )
    consent = forms.BooleanField(label=_("Ich bin mit der Verarbeitung meiner Angaben einverstanden."))
    website = forms.CharField(label=_("Bitte lassen Sie dieses Feld leer"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '{} <a class="kern-link" href="{}">{}</a>',
            _("Wir verwenden Ihre Angaben nur, um Ihr Anliegen zu bearbeiten."),
            reverse("core:legal", args=[LegalPage.Kind.PRIVACY]),
            _("Datenschutzhinweise"),
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.pending_name = ""

    def get_context(self) -> dict[str, Any]:
        return {**super().get_context(), "map_tiles": settings.MAP_TILE_URL}

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(_("Bitte lassen Sie dieses Feld leer."))
        return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Bitte geben Sie Breiten- und Längengrad an, oder keinen von beiden."))
        if data.get("photo") is None and data.get("pending_photo"):
            data["photo"] = self._load_pending(data["pending_photo"])
        return data

    def _load_pending(self, token: str) -> ContentFile | None:
        try:
            name = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
        except signing.BadSignature:
            return None
        storage = private_storage()
        if not name.startswith(PENDING_DIR) or not storage.exists(name):
            return None
        with storage.open(name) as file:
            self.pending_name = name
            return ContentFile(file.read(), name=name.removeprefix(PENDING_DIR))

    def stores_new_photo(self) -> bool:
        """Whether `keep_photo` would write a new file (and so counts against the rate limit)."""
        return self.cleaned_data.get("photo") is not None and not self.pending_name

    def keep_photo(self) -> str:
        """Store the checked photo until the form is sent; the signed token goes into the next step."""
        photo = self.cleaned_data.get("photo")
        if photo is None:
            return ""
        if not self.pending_name:
            self.pending_name = private_storage().save(PENDING_DIR + (photo.name or "photo"), photo)
        return signing.dumps(self.pending_name, salt=PENDING_SALT)

    def drop_pending(self) -> None:
        if self.pending_name:
            private_storage().delete(self.pending_name)

    def new_inquiry(self) -> NewInquiry:
        data = self.cleaned_data
        return NewInquiry(
            kind=data["kind"],
            category=data["category"],
            district=data["district"],
            text=data["text"],
            name=data["name"],
            email=data["email"],
            phone=data.get("phone", ""),
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            public_consent=data["public_consent"],
            photo=data["photo"],
        )


class StaffInquiryForm(InquiryForm):
    """An inquiry that came by phone, letter or at the counter, recorded by staff."""

    template_name = "core/forms/form.html"
    channel = forms.ChoiceField(
        label=_("Eingangsweg"),
        choices=[
            (value, label)
            for value, label in Inquiry.Channel.choices
            if value not in {Inquiry.Channel.WEB, Inquiry.Channel.OPEN311}
        ],
    )
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    field_order = ["channel", "kind", "category", "district", "text", "address", "latitude", "longitude", "photo"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        del self.fields["pending_photo"]
        _field(self, "district").queryset = District.objects.staffed_by(user).as_choices()
        self.fields["email"].required = False
        self.fields["email"].label = _("E-Mail-Adresse")
        self.fields["email"].help_text = _("Wenn angegeben, bekommt die Person Bestätigung und Antworten per E-Mail.")
        self.fields["name"].label = _("Name")
        self.fields["public_consent"].label = _("Die Person erlaubt, den Hinweis ohne Namen zu veröffentlichen.")
        self.fields["consent"].label = _("Die Person ist mit der Verarbeitung ihrer Angaben einverstanden.")

    def clean_website(self) -> str:
        return ""


class InboxFilterForm(FilterForm):
    """The inbox's filters: a plain GET form."""

    SORTS = {
        "new": ("-created_at", "-pk"),
        "old": ("created_at", "pk"),
        "updated": ("-updated_at", "-pk"),
        "number": ("number",),
    }

    q = forms.CharField(label=_("Suche"), required=False, help_text=_("Nummer, Text, Name oder E-Mail"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    category = forms.ModelChoiceField(label=_("Kategorie"), queryset=Category.objects.all(), required=False)
    district = SlugChoiceField(label=_("Ortsteil"), queryset=District.objects.none(), required=False)
    assignee = forms.ChoiceField(label=_("Zuständig"), required=False)
    channel = forms.ChoiceField(label=_("Eingangsweg"), required=False)
    overdue = forms.BooleanField(label=_("Nur überfällige"), required=False)
    forwards = forms.ChoiceField(
        label=_("Fachstellen"),
        required=False,
        choices=[
            ("", _("alle")),
            ("open", _("bei einer Fachstelle")),
            ("overdue", _("Weiterleitung überfällig")),
            ("returned", _("von einer Fachstelle zurückgegeben")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[
            ("new", _("Neueste zuerst")),
            ("old", _("Älteste zuerst")),
            ("updated", _("Zuletzt geändert")),
            ("number", _("Nummer")),
        ],
    )

    def __init__(self, *args: Any, user: Any, lists: InboxLists, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("alle"))]
        _field(self, "status").choices = everything + list(Inquiry.Status.choices) + [("open", _("alle offenen"))]
        _field(self, "kind").choices = everything + list(Inquiry.Kind.choices)
        _field(self, "channel").choices = everything + list(Inquiry.Channel.choices)
        district_field = _field(self, "district")
        # Checked against the database only when a district is chosen; shown from the cached list.
        district_field.queryset = District.objects.filter(pk__in=[pk for pk, _slug, _name in lists.districts])
        district_field.empty_label = _("alle")
        district_field.widget.choices = everything + [(slug, name) for _pk, slug, name in lists.districts]
        _field(self, "category").empty_label = _("alle")
        _field(self, "assignee").choices = (
            everything + [("me", _("mir")), ("none", _("niemandem"))] + [(str(pk), name) for pk, name in lists.staff]
        )
        self.user = user


class BulkAssignForm(forms.Form):
    inquiries = ModelMultipleChoiceField(queryset=Inquiry.objects.none(), label=_("Anliegen"))
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Zuweisen an"), empty_label=_("niemandem")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "inquiries").queryset = Inquiry.objects.visible_to(user)
        _field(self, "assignee").queryset = staff_choices(user)


STAFF_LISTS_SECONDS = 300


def staff_version() -> str:
    """Changes when a district is added, changed or removed or someone is assigned to one or
    unassigned: one query. Names and the coordinator role of others are not in it: lists
    showing them (the inbox's) follow within STAFF_LISTS_SECONDS."""
    districts, assignments = District._meta.db_table, District.staff.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(updated_at) FROM {districts}), (SELECT COUNT(*) FROM {districts}), "  # noqa: S608 - table names, no input
            f"(SELECT COUNT(*) FROM {assignments}), (SELECT MAX(id) FROM {assignments})"
        )
        row = cursor.fetchone()
    return "|".join(str(part) for part in row)


@dataclass(frozen=True)
class InboxLists:
    """What the inbox's filters and bulk assignment offer a staff member."""

    districts: list[tuple[int, str, str]]  # pk, slug, name of the districts they work in
    staff: list[tuple[int, str]]  # pk and shown name of the people inquiries can be given to


def inbox_lists(user: Any) -> InboxLists:
    """The staff member's districts and colleagues, from one cached query per staff version."""
    parts = (user.pk, user.is_coordinator, user.is_superuser, get_language(), staff_version())
    key = "inquiries:inbox-lists:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    lists = cache.get(key)
    if lists is None:
        lists = InboxLists(
            districts=list(District.objects.staffed_by(user).values_list("pk", "slug", "name")),
            staff=[(person.pk, person.public_name) for person in staff_choices(user)],
        )
        cache.set(key, lists, STAFF_LISTS_SECONDS)
    return lists


def staff_choices(user: Any) -> Any:
    """The people an inquiry can be given to: staff of the user's districts and coordinators."""
    districts = District.objects.staffed_by(user)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(staffed_districts__in=districts) | Q(is_coordinator=True))
        .distinct()
        .order_by("name", "email")
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Neuer Status"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "status").choices = choices


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Antwort an die absendende Person"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    status = forms.ChoiceField(
        label=_("Danach"),
        choices=[
            (Inquiry.Status.ANSWERED, _("Beantwortet")),
            (Inquiry.Status.WAITING, _("Wartet auf Rückmeldung")),
            (Inquiry.Status.CLOSED, _("Abgeschlossen")),
        ],
    )


class TemplateChoiceForm(forms.Form):
    vorlage = forms.ModelChoiceField(label=_("Antwortvorlage"), queryset=AnswerTemplate.objects.all())


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Interne Notiz"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur für Mitarbeitende sichtbar."),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Zuständig"), empty_label=_("niemand")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "assignee").queryset = staff_choices(user)


class MoveForm(forms.Form):
    district = forms.ModelChoiceField(label=_("Ortsteil"), queryset=District.objects.as_choices())
    category = forms.ModelChoiceField(label=_("Kategorie"), queryset=Category.objects.all())


class PublishForm(forms.Form):
    is_public = forms.BooleanField(label=_("Öffentlich zeigen"), required=False)
    public_answer = forms.CharField(
        label=_("Öffentliche Antwort"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ohne Namen und persönliche Angaben; Markdown ist möglich."),
    )


class SenderReplyForm(forms.Form):
    body = forms.CharField(label=_("Ihre Antwort"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class PublicFilterForm(FilterForm):
    district = SlugChoiceField(
        label=_("Ortsteil"), queryset=District.objects.as_choices(), required=False, empty_label=_("alle")
    )
    category = forms.ModelChoiceField(
        label=_("Thema"), queryset=Category.objects.filter(is_active=True), required=False, empty_label=_("alle")
    )
    status = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("alle")), ("open", _("offen")), ("closed", _("erledigt"))],
    )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "code", "group", "description", "position", "is_active"]


class AnswerTemplateForm(forms.ModelForm):
    class Meta:
        model = AnswerTemplate
        fields = ["title", "category", "body"]
