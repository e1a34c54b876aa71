"""Things and rooms to lend, their bookings and the bookings' history.

A booking that holds its resource (confirmed or handed over; overdue is a handed-over booking
past its end) blocks ``blocked_start``–``blocked_end``: its period widened by the resource's
buffers. Two such bookings of one resource never overlap; ``services`` checks this under a
row lock on the resource (and, on PostgreSQL, an exclusion constraint holds it too).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.core.images import ImageField
from quartier.core.storage import private_storage
from quartier.events.models import Event, EventDate
from quartier.network.models import Meeting, Organisation
from quartier.places.models import District
from quartier.volunteering.models import HelperCall


class Kind(models.TextChoices):
    THING = "thing", _("Gegenstand")
    ROOM = "room", _("Raum")


class BookableBy(models.TextChoices):
    RESIDENTS = "residents", _("Bewohnerinnen und Bewohner")
    ORGANISATIONS = "organisations", _("Vereine und Organisationen")
    STAFF = "staff", _("nur das Quartiersbüro")


class ResourceQuerySet(models.QuerySet["Resource"]):
    def public(self) -> ResourceQuerySet:
        return self.filter(is_active=True)

    def free_between(self, start: datetime, end: datetime) -> ResourceQuerySet:
        """Resources with no holding booking that touches ``start``–``end`` (buffers included)."""
        busy = Booking.objects.holding().overlapping(start, end).values("resource_id")
        return self.exclude(pk__in=busy)

    def managed_by(self, user: Any) -> ResourceQuerySet:
        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(district__staff=user)


class Resource(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="resources", verbose_name=_("Ortsteil")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.THING)
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    photo = ImageField(_("Foto"), upload_to="resources/", blank=True)
    contents = models.TextField(
        _("Inhalt"), blank=True, help_text=_("Ein Teil je Zeile; daraus wird die Checkliste bei Übergabe und Rückgabe.")
    )
    conditions = models.TextField(_("Nutzungsbedingungen"), blank=True)
    deposit = models.CharField(_("Kaution"), max_length=120, blank=True)
    fee = models.CharField(_("Gebühr"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("Personen höchstens"), null=True, blank=True, help_text=_("Nur für Räume"))
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    bookable_by = models.CharField(
        _("Wer darf buchen"), max_length=20, choices=BookableBy.choices, default=BookableBy.RESIDENTS
    )
    requires_approval = models.BooleanField(_("Das Büro bestätigt jede Buchung"), default=True)
    buffer_before = models.PositiveIntegerField(_("Puffer davor (Minuten)"), default=0)
    buffer_after = models.PositiveIntegerField(_("Puffer danach (Minuten)"), default=0)
    min_minutes = models.PositiveIntegerField(_("Kürzeste Buchung (Minuten)"), default=60)
    max_minutes = models.PositiveIntegerField(_("Längste Buchung (Minuten)"), default=7 * 24 * 60)
    max_days_ahead = models.PositiveIntegerField(_("Höchstens so viele Tage im Voraus"), default=180)
    handover_from = models.TimeField(_("Übergabe und Rückgabe ab"), null=True, blank=True)
    handover_until = models.TimeField(_("Übergabe und Rückgabe bis"), null=True, blank=True)
    is_active = models.BooleanField(_("Buchbar"), default=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Gehört zu (Organisation)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text=_("Leer: das Quartiersbüro. Die Seite der Organisation zeigt, was ihr gehört."),
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ausleihe")
        verbose_name_plural = _("Ausleihen")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"slug": self.slug})

    def permission_district_ids(self) -> list[int]:
        return [self.district_id]

    @property
    def is_room(self) -> bool:
        return self.kind == Kind.ROOM

    def content_items(self) -> list[str]:
        return [line.strip() for line in self.contents.splitlines() if line.strip()]

    def blocked_period(self, start: datetime, end: datetime) -> tuple[datetime, datetime]:
        return start - timedelta(minutes=self.buffer_before), end + timedelta(minutes=self.buffer_after)


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("angefragt")
    CONFIRMED = "confirmed", _("bestätigt")
    DECLINED = "declined", _("abgelehnt")
    HANDED_OVER = "handed_over", _("übergeben")
    RETURNED = "returned", _("zurückgegeben")
    CANCELLED = "cancelled", _("storniert")


HOLDING = (BookingStatus.CONFIRMED, BookingStatus.HANDED_OVER)
OPEN = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.HANDED_OVER)


class BookingQuerySet(models.QuerySet["Booking"]):
    def holding(self) -> BookingQuerySet:
        """Bookings that hold their resource: confirmed, handed over (and so overdue)."""
        return self.filter(status__in=HOLDING)

    def overlapping(self, start: datetime, end: datetime) -> BookingQuerySet:
        return self.filter(blocked_start__lt=end, blocked_end__gt=start)

    def overdue(self, now: datetime | None = None) -> BookingQuerySet:
        return self.filter(status=BookingStatus.HANDED_OVER, end__lt=now or timezone.now())

    def in_districts_of(self, user: Any) -> BookingQuerySet:
        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(resource__district__staff=user)


class BookingSeries(models.Model):
    """A regular booking (a group every Tuesday evening): its rule as an RFC 5545 RRULE, as
    events keep theirs; each date is a Booking row of its own, so the overlap rule, the
    calendar and cancelling work per date."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="series")
    rrule = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Regelmäßige Buchung")
        verbose_name_plural = _("Regelmäßige Buchungen")

    def __str__(self) -> str:
        return f"{self.resource} ({self.rrule})"


class Booking(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    series = models.ForeignKey(BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    for_office = models.BooleanField(_("Für das Büro selbst"), default=False)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    organisation = models.CharField(_("Verein oder Organisation"), max_length=150, blank=True)
    # Booked in an organisation's name: by one of its partners, or by staff for it.
    for_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Im Namen der Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    purpose = models.CharField(_("Wofür"), max_length=300, blank=True)
    people = models.PositiveIntegerField(_("Personen"), null=True, blank=True)
    # The occasion the office booked for (a room for an event's date or a meeting, equipment
    # for a helper call); such bookings follow it when it moves or is cancelled.
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="resource_bookings")
    event_date = models.ForeignKey(
        EventDate, on_delete=models.SET_NULL, null=True, blank=True, related_name="resource_bookings"
    )
    helper_call = models.ForeignKey(
        HelperCall, on_delete=models.SET_NULL, null=True, blank=True, related_name="resource_bookings"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="resource_bookings"
    )
    start = models.DateTimeField(_("Von"))
    end = models.DateTimeField(_("Bis"))
    blocked_start = models.DateTimeField(editable=False)
    blocked_end = models.DateTimeField(editable=False)
    status = models.CharField(_("Stand"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    decision_note = models.CharField(_("Begründung"), max_length=500, blank=True)
    handover_missing = models.TextField(_("Fehlte bei der Übergabe"), blank=True)
    handover_notes = models.TextField(_("Zustand bei der Übergabe"), blank=True)
    return_missing = models.TextField(_("Fehlte bei der Rückgabe"), blank=True)
    return_notes = models.TextField(_("Zustand bei der Rückgabe"), blank=True)
    damage_report = models.TextField(_("Schaden"), blank=True)
    damage_photo = ImageField(
        _("Foto des Schadens"), upload_to="resources/damage/", storage=private_storage, blank=True
    )
    deposit_received = models.BooleanField(_("Kaution erhalten"), default=False)
    deposit_returned = models.BooleanField(_("Kaution zurückgegeben"), default=False)
    pickup_reminded = models.BooleanField(default=False, editable=False)
    return_reminded = models.BooleanField(default=False, editable=False)
    overdue_notified = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["resource", "blocked_start", "blocked_end"], name="booking_resource_period"),
            models.Index(fields=["status", "start"], name="booking_status_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="booking_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {timezone.localtime(self.start):%d.%m.%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("resources:booking", kwargs={"pk": self.pk})

    def get_staff_url(self) -> str:
        return reverse("resources:staff_booking", kwargs={"pk": self.pk})

    def permission_district_ids(self) -> list[int]:
        return [self.resource.district_id]

    @property
    def is_overdue(self) -> bool:
        return self.status == BookingStatus.HANDED_OVER and self.end < timezone.now()

    @property
    def status_label(self) -> str:
        return str(_("überfällig")) if self.is_overdue else self.get_status_display()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class BookingHistory(AppendOnlyModel):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("Verlauf einer Buchung")
        verbose_name_plural = _("Verlauf der Buchungen")
        ordering = ["at", "pk"]
