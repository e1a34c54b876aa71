"""Events, their dates (one row per date, also for series) and registrations.

A series keeps its rule as an RFC 5545 RRULE on the Event; its dates are materialised as
EventDate rows up to a horizon, so calendars, capacity and registration work per date with
plain queries. A date that staff cancel or move keeps its `original_start` (the
RECURRENCE-ID of iCalendar), so the rule can be expanded again without touching it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.images import ImageField
from quartier.places.models import MAX_LOGO_BYTES, District, FieldOfAction, latitude_validators, longitude_validators
from quartier.projects.models import Project


@lru_cache(maxsize=1)
def _calendar_url() -> str:
    return reverse("events:calendar")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("findet statt")
    CANCELLED = "cancelled", _("abgesagt")
    POSTPONED = "postponed", _("verschoben")


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("alle")
    CHILDREN = "children", _("Kinder")
    YOUTH = "youth", _("Jugendliche")
    FAMILIES = "families", _("Familien")
    ADULTS = "adults", _("Erwachsene")
    SENIORS = "seniors", _("Seniorinnen und Senioren")


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def editable_by(self, user: Any) -> EventQuerySet:
        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(district__staff=user)


class Event(models.Model):
    title = models.CharField(_("Titel"), max_length=160)
    summary = models.CharField(_("Kurztext"), max_length=300, help_text=_("Für Listen und den Aushang"))
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    rrule = models.CharField(
        _("Wiederholung (RRULE)"), max_length=300, blank=True, help_text=_("RFC 5545, z. B. FREQ=WEEKLY;COUNT=10")
    )
    venue = models.CharField(_("Veranstaltungsort"), max_length=160)
    address = models.CharField(_("Anschrift"), max_length=200, blank=True)
    district = models.ForeignKey(District, verbose_name=_("Ortsteil"), on_delete=models.PROTECT, related_name="events")
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True, validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True, validators=longitude_validators)
    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="events"
    )
    target_group = models.CharField(
        _("Zielgruppe"), max_length=10, choices=TargetGroup.choices, default=TargetGroup.EVERYONE
    )
    age_min = models.PositiveSmallIntegerField(
        _("Alter ab"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("Alter bis"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    cost_note = models.CharField(_("Kosten"), max_length=160, blank=True, help_text=_("z. B. kostenlos, 3 Euro"))
    step_free = models.BooleanField(_("Stufenlos erreichbar"), default=False)
    hearing_loop = models.BooleanField(_("Induktionsschleife"), default=False)
    accessibility_note = models.CharField(_("Hinweise zur Barrierefreiheit"), max_length=300, blank=True)
    organiser_name = models.CharField(_("Veranstalter"), max_length=160, blank=True)
    organiser_email = models.EmailField(_("E-Mail des Veranstalters"), blank=True)
    organiser_phone = models.CharField(_("Telefon des Veranstalters"), max_length=40, blank=True)
    image = ImageField(_("Bild"), upload_to="events/", blank=True, max_upload_bytes=MAX_LOGO_BYTES)
    image_alt = models.CharField(_("Bildbeschreibung"), max_length=200, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    status_reason = models.CharField(_("Grund (wird angezeigt)"), max_length=300, blank=True)
    # Registration
    registration_required = models.BooleanField(_("Anmeldung erforderlich"), default=False)
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("Leer: unbegrenzt")
    )
    registration_deadline = models.DateTimeField(_("Anmeldeschluss"), null=True, blank=True)
    requires_approval = models.BooleanField(_("Anmeldungen werden bestätigt"), default=False)
    asks_participant_details = models.BooleanField(_("Vorname und Alter jeder Person erfragen"), default=False)
    max_party_size = models.PositiveSmallIntegerField(
        _("Höchstens Personen je Anmeldung"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # Publication: staff events are published at once; residents' proposals wait for staff.
    is_published = models.BooleanField(_("Veröffentlicht"), default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Vorgeschlagen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_events",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["start"]
        indexes = [models.Index(fields=["is_published", "district"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{_calendar_url()}{self.pk}/"

    @property
    def more_text(self) -> str:
        """The description, unless it only repeats the short text shown above it."""
        if " ".join(self.description.split()) == " ".join(self.summary.split()):
            return ""
        return self.description

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValidationError({"age_max": _("Das Höchstalter liegt unter dem Mindestalter.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Bitte geben Sie Breiten- und Längengrad an oder keinen von beiden.")}
            )

    def permission_district_ids(self) -> Iterable[int]:
        return (self.district_id,)

    @property
    def is_series(self) -> bool:
        return bool(self.rrule)

    @property
    def duration(self) -> Any:
        return self.end - self.start


class EventDateQuerySet(models.QuerySet["EventDate"]):
    def for_listing(self) -> EventDateQuerySet:
        return self.select_related("event", "event__district", "event__project")

    def public(self) -> EventDateQuerySet:
        return self.filter(event__is_published=True)

    def upcoming(self, now: datetime | None = None) -> EventDateQuerySet:
        return self.filter(end__gte=now or timezone.now())

    def with_free_places(self) -> EventDateQuerySet:
        return self.filter(
            Q(event__registration_required=False)
            | Q(event__capacity__isnull=True)
            | Q(places_taken__lt=F("event__capacity"))
        ).exclude(status=EventStatus.CANCELLED)


class EventDate(models.Model):
    """One date of an event: the unit people register for and attend."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("Beginn"), db_index=True)
    end = models.DateTimeField(_("Ende"))
    original_start = models.DateTimeField(_("Ursprünglicher Beginn"))
    status = models.CharField(_("Status"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    status_reason = models.CharField(_("Grund (wird angezeigt)"), max_length=300, blank=True)
    # Places held by confirmed and approval-pending registrations; changed only by services
    # under a row lock on this date, so it never passes the event's capacity.
    places_taken = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(_("Teilgenommen haben"), null=True, blank=True)

    objects = EventDateQuerySet.as_manager()

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["start", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "original_start"], name="events_one_date_per_instance")]
        indexes = [models.Index(fields=["end", "start"])]

    def __str__(self) -> str:
        return f"{self.event.title} ({timezone.localtime(self.start):%d.%m.%Y %H:%M})"

    def get_absolute_url(self) -> str:
        # Calendars link many dates: one reverse() per process, not per link.
        return f"{_calendar_url()}{self.event_id}/{self.pk}/"

    def permission_district_ids(self) -> Iterable[int]:
        return self.event.permission_district_ids()

    @property
    def is_moved(self) -> bool:
        return self.start != self.original_start

    @property
    def effective_status(self) -> str:
        """A cancelled or postponed event overrides the status of each of its dates."""
        if self.event.status != EventStatus.SCHEDULED:
            return self.event.status
        return self.status

    @property
    def effective_status_display(self) -> str:
        """The status people read for this date, the same on every page and list."""
        return str(EventStatus(self.effective_status).label)

    @property
    def status_note(self) -> str:
        if self.event.status != EventStatus.SCHEDULED:
            return self.event.status_reason
        return self.status_reason

    @property
    def places_left(self) -> int | None:
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.places_taken, 0)

    def registration_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        event = self.event
        return (
            event.registration_required
            and event.is_published
            and self.effective_status == EventStatus.SCHEDULED
            and now < self.start
            and (event.registration_deadline is None or now < event.registration_deadline)
        )


def new_token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-Mail noch nicht bestätigt")
    PENDING = "pending", _("wartet auf Bestätigung durch das Team")
    CONFIRMED = "confirmed", _("angemeldet")
    WAITING = "waiting", _("auf der Warteliste")
    CANCELLED = "cancelled", _("storniert")
    DECLINED = "declined", _("abgelehnt")


ACTIVE_STATUSES = [
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
]
HOLDS_PLACES = [RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED]


class Registration(models.Model):
    event_date = models.ForeignKey(EventDate, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    name = models.CharField(_("Name"), max_length=160)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    party_size = models.PositiveSmallIntegerField(_("Personen"), default=1, validators=[MinValueValidator(1)])
    participants = models.JSONField(_("Teilnehmende"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=RegistrationStatus.choices)
    waiting_position = models.PositiveIntegerField(_("Platz auf der Warteliste"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per address and date: a double click or a repeated
            # POST finds the first one instead of taking places twice.
            models.UniqueConstraint(
                fields=["event_date", "email"],
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(email=""),
                name="events_one_active_registration_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event_date}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"token": self.token})

    def permission_district_ids(self) -> Iterable[int]:
        return self.event_date.event.permission_district_ids()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
