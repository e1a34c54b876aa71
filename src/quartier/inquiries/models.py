"""Inquiries (Anliegen): questions, suggestions and problem reports to a district's contact point."""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel, AppendOnlyQuerySet
from quartier.core.storage import private_storage
from quartier.inquiries.deadlines import overdue_cutoff, response_due
from quartier.places.models import District, latitude_validators, longitude_validators


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Category(models.Model):
    """One entry of the town's own list of topics; its code is the Open311 service code."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    code = models.SlugField(_("Kurzzeichen"), max_length=60, unique=True, help_text=_("Für Adressen und Open311."))
    description = models.TextField(_("Beschreibung"), blank=True)
    group = models.CharField(_("Gruppe"), max_length=120, blank=True)
    is_active = models.BooleanField(_("Aktiv"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class AnswerTemplate(models.Model):
    """A prepared answer that staff start a reply from."""

    title = models.CharField(_("Titel"), max_length=160)
    body = models.TextField(_("Text"))
    category = models.ForeignKey(
        Category, verbose_name=_("Kategorie"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("Antwortvorlage")
        verbose_name_plural = _("Antwortvorlagen")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ApiKey(models.Model):
    """A key another city app sends with its Open311 requests; managed by administrators."""

    name = models.CharField(_("Name"), max_length=120)
    key = models.CharField(_("Schlüssel"), max_length=64, unique=True, default=new_token, editable=False)
    is_active = models.BooleanField(_("Aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311-Schlüssel")
        verbose_name_plural = _("Open311-Schlüssel")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last reference number handed out per year; its row is locked while counting."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class InquiryQuerySet(models.QuerySet["Inquiry"]):
    def for_listing(self) -> InquiryQuerySet:
        return self.select_related("district", "category", "assignee")

    def visible_to(self, user: Any) -> InquiryQuerySet:
        """Staff see their districts' inquiries, coordinators and administrators all."""
        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(district__staff=user)

    def public(self) -> InquiryQuerySet:
        return self.filter(is_public=True)

    def open(self) -> InquiryQuerySet:
        return self.exclude(status=Inquiry.Status.CLOSED)

    def overdue(self, now: datetime | None = None) -> InquiryQuerySet:
        return self.open().filter(first_response_at__isnull=True, created_at__lt=overdue_cutoff(now or timezone.now()))

    def search(self, text: str) -> InquiryQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(number__icontains=text) | Q(text__icontains=text) | Q(name__icontains=text) | Q(email__icontains=text)
        )

    def near(self, *, latitude: float, longitude: float, meters: float) -> list[Inquiry]:
        """Inquiries with a point within `meters`: a box in SQL, the exact distance in Python."""
        dlat = meters / 111_320
        dlon = meters / (111_320 * max(math.cos(math.radians(latitude)), 0.01))
        boxed = self.filter(
            latitude__range=(latitude - dlat, latitude + dlat), longitude__range=(longitude - dlon, longitude + dlon)
        )
        return [
            inquiry
            for inquiry in boxed
            if distance_m(latitude, longitude, inquiry.latitude or 0, inquiry.longitude or 0) <= meters
        ]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


class Inquiry(models.Model):
    """One question, suggestion or problem report and its way through the contact point."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Frage")
        SUGGESTION = "suggestion", _("Anregung")
        PROBLEM = "problem", _("Hinweis auf ein Problem")

    class Status(models.TextChoices):
        NEW = "new", _("Neu")
        IN_PROGRESS = "in_progress", _("In Bearbeitung")
        WAITING = "waiting", _("Wartet auf Rückmeldung")
        ANSWERED = "answered", _("Beantwortet")
        CLOSED = "closed", _("Abgeschlossen")
        REOPENED = "reopened", _("Wieder geöffnet")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        PHONE = "phone", _("Telefon")
        LETTER = "letter", _("Brief")
        COUNTER = "counter", _("Persönlich in der Sprechstunde")
        EMAIL = "email", _("E-Mail")
        OPEN311 = "open311", _("Open311")

    number = models.CharField(_("Nummer"), max_length=20, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    category = models.ForeignKey(Category, verbose_name=_("Kategorie"), on_delete=models.PROTECT)
    district = models.ForeignKey(
        District, verbose_name=_("Ortsteil"), on_delete=models.PROTECT, related_name="inquiries"
    )
    text = models.TextField(_("Ihr Anliegen"))
    address = models.CharField(_("Ort oder Adresse"), max_length=200, blank=True)
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True, validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True, validators=longitude_validators)
    photo = models.FileField(_("Foto"), storage=private_storage, upload_to="inquiries/", blank=True)
    photo_type = models.CharField(max_length=20, blank=True, editable=False)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    channel = models.CharField(_("Eingangsweg"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL, editable=False)
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    public_consent = models.BooleanField(_("Veröffentlichung erlaubt"), default=False)
    is_public = models.BooleanField(_("Öffentlich sichtbar"), default=False)
    public_answer = models.TextField(_("Öffentliche Antwort"), blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuständig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
    )
    created_at = models.DateTimeField(_("eingegangen am"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    first_response_at = models.DateTimeField(_("erste Antwort am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    # Set when a department answered "not responsible": the inquiry is back with the contact point.
    returned_by_department = models.BooleanField(_("Von einer Fachstelle zurückgegeben"), default=False)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anliegen")
        verbose_name_plural = _("Anliegen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "status", "-created_at"]),
            # The inbox filtered to one district, newest first.
            models.Index(fields=["district", "-created_at", "-id"], name="inquiry_district_created"),
            # Public reports newest first (the public list, Open311), also per district (the
            # district page, the list's filter): partial indexes, since a plain one on a boolean
            # column cannot serve `WHERE is_public` on SQLite.
            models.Index(fields=["-created_at", "-id"], condition=Q(is_public=True), name="inquiry_public_created"),
            models.Index(
                fields=["district", "-created_at", "-id"], condition=Q(is_public=True), name="inquiry_district_public"
            ),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("inquiries:detail", kwargs={"pk": self.pk})

    @property
    def first_line(self) -> str:
        """The first line of the sender's text with words in it, for lists."""
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")

    def permission_district_ids(self) -> Iterable[int]:
        return (self.district_id,)

    def get_private_url(self) -> str:
        return reverse("inquiries:track", kwargs={"token": self.token})

    def get_public_url(self) -> str:
        return reverse("inquiries:public_detail", kwargs={"number": self.number})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def can_be_public(self) -> bool:
        return self.public_consent and self.kind in {self.Kind.SUGGESTION, self.Kind.PROBLEM}

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def response_due(self) -> datetime:
        return response_due(self.created_at)

    def is_overdue(self, now: datetime | None = None) -> bool:
        return (
            self.first_response_at is None
            and self.status != self.Status.CLOSED
            and (now or timezone.now()) >= self.response_due
        )

    def map_marker(self) -> dict[str, Any]:
        return {
            "name": f"{self.number}: {self.category.name}",
            "url": self.get_public_url(),
            "lat": self.latitude,
            "lon": self.longitude,
        }


class InquiryEventQuerySet(AppendOnlyQuerySet["InquiryEvent"]):
    def redact_for_retention(self) -> int:
        """Blank the texts at the end of the retention period."""
        return self.redact(body="", data={})

    def redact_assignee(self, names: Iterable[str], replacement: str) -> int:
        """Replace a deleted account's name in the assignment entries (the other change the law requires)."""
        entries = self.filter(kind=InquiryEvent.Kind.ASSIGNED, data__assignee__in=list(names))
        return entries.redact(data={"assignee": replacement})


class InquiryEvent(AppendOnlyModel):
    """One entry of an inquiry's history: append-only."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Eingegangen")
        STATUS = "status", _("Status geändert")
        ASSIGNED = "assigned", _("Zuständigkeit geändert")
        NOTE = "note", _("Interne Notiz")
        REPLY = "reply", _("Antwort an die absendende Person")
        SENDER_REPLY = "sender_reply", _("Rückmeldung der absendenden Person")
        MOVED = "moved", _("Verschoben")
        PUBLISHED = "published", _("Veröffentlichung geändert")
        ANONYMISED = "anonymised", _("Anonymisiert")
        FORWARDED = "forwarded", _("An eine Fachstelle weitergeleitet")
        DEPARTMENT_ANSWER = "department_answer", _("Antwort der Fachstelle")
        DEPARTMENT_REMINDED = "department_reminded", _("Fachstelle erinnert")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=Inquiry.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Inquiry.Status.choices, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InquiryEventQuerySet.as_manager()  # type: ignore[misc]  # narrows the base's manager

    class Meta:
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.inquiry_id} {self.kind}"


RECENT = timedelta(days=30)
NEARBY_METERS = 50

from quartier.inquiries.departments import Department, Forward  # noqa: E402, F401  # models of the app
