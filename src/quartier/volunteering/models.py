"""Helper calls (Helfergesuche), their shifts and who signed up for them.

A shift's ``places_taken`` counts the sign-ups that hold a place (confirmed and pending);
only the services change it, under a row lock on the shift, so it never passes
``people_needed`` (a database constraint says so too).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.events.models import Event
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Requirement(models.Model):
    """One entry of the town's list of what a shift may require (editable in the administration)."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=60, unique=True)
    what_to_bring = models.CharField(
        _("Was mitzubringen ist"), max_length=300, blank=True, help_text=_("Wird bei der Anmeldung angezeigt.")
    )
    needs_check = models.BooleanField(
        _("Team prüft vor der Zusage"),
        default=False,
        help_text=_("Anmeldungen bleiben vorläufig, bis das Team den Nachweis gesehen hat (z. B. Hygienebelehrung)."),
    )
    is_conduct_certificate = models.BooleanField(
        _("Erweitertes Führungszeugnis (§ 72a SGB VIII)"),
        default=False,
        help_text=_(
            "Nur wer eine gültige Einsichtnahme ohne einschlägigen Eintrag hat, wird sofort eingetragen; "
            "alle anderen vorläufig, bis das Team die Einsicht vermerkt."
        ),
    )

    class Meta:
        verbose_name = _("Voraussetzung")
        verbose_name_plural = _("Voraussetzungen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HelperCallQuerySet(models.QuerySet["HelperCall"]):
    def public(self) -> HelperCallQuerySet:
        return self.filter(is_published=True)


class HelperCall(models.Model):
    """A Helfergesuch: a district's (or the whole town's) call for helpers with its shifts."""

    title = models.CharField(_("Titel"), max_length=160)
    text = models.TextField(_("Beschreibung"), help_text=_("Markdown: **fett**, *kursiv*, Listen, Links."))
    district = models.ForeignKey(
        District,
        verbose_name=_("Ortsteil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helper_calls",
        help_text=_("Leer: die ganze Stadt (nur Koordination)."),
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("Projekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helper_calls",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helper_calls",
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="helper_calls"
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=120)
    contact_phone = models.CharField(_("Telefon der Ansprechperson"), max_length=40, blank=True)
    cancel_hours = models.PositiveSmallIntegerField(
        _("Absagen möglich bis (Stunden vor Beginn)"), default=24, help_text=_("Danach nur noch telefonisch.")
    )
    is_published = models.BooleanField(_("Veröffentlicht"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HelperCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("Helfergesuch")
        verbose_name_plural = _("Helfergesuche")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:call", kwargs={"pk": self.pk})

    def permission_district_ids(self) -> Iterable[int]:
        return [self.district_id] if self.district_id else []


class ShiftQuerySet(models.QuerySet["Shift"]):
    def with_free_places(self) -> ShiftQuerySet:
        return self.filter(places_taken__lt=F("people_needed"))

    def upcoming(self, now: datetime | None = None) -> ShiftQuerySet:
        return self.filter(end__gte=now or timezone.now())


class Shift(models.Model):
    call = models.ForeignKey(HelperCall, on_delete=models.CASCADE, related_name="shifts")
    start = models.DateTimeField(_("Beginn"), db_index=True)
    end = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200)
    people_needed = models.PositiveSmallIntegerField(
        _("Benötigte Personen"), validators=[MinValueValidator(1)], default=1
    )
    min_age = models.PositiveSmallIntegerField(_("Mindestalter"), null=True, blank=True)
    requirements = models.ManyToManyField(Requirement, verbose_name=_("Voraussetzungen"), blank=True)
    places_taken = models.PositiveIntegerField(default=0)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("Schicht")
        verbose_name_plural = _("Schichten")
        ordering = ["start", "pk"]
        # A call's next shift, for the list of calls sorted by it.
        indexes = [models.Index(fields=["call", "start"], name="volunteering_shift_call_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="volunteering_shift_ends_after_start"),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("people_needed")), name="volunteering_shift_never_overfull"
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.start)
        return f"{start:%d.%m.%Y %H:%M}–{timezone.localtime(self.end):%H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:call", kwargs={"pk": self.call_id}) + f"#schicht-{self.pk}"

    def permission_district_ids(self) -> Iterable[int]:
        return self.call.permission_district_ids()

    @property
    def places_left(self) -> int:
        return max(self.people_needed - self.places_taken, 0)

    @property
    def hours(self) -> float:
        return round((self.end - self.start).total_seconds() / 3600, 2)

    def cancel_deadline(self) -> datetime:
        return self.start - timedelta(hours=self.call.cancel_hours)


class SignUpStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-Mail noch nicht bestätigt")
    PENDING = "pending", _("vorläufig: Nachweis noch vorzulegen")
    CONFIRMED = "confirmed", _("eingetragen")
    CANCELLED = "cancelled", _("abgesagt")
    REMOVED = "removed", _("vom Team ausgetragen")


ACTIVE_STATUSES = [SignUpStatus.UNCONFIRMED, SignUpStatus.PENDING, SignUpStatus.CONFIRMED]
HOLDS_PLACES = [SignUpStatus.PENDING, SignUpStatus.CONFIRMED]


class SignUp(models.Model):
    """One person on one shift."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="sign_ups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="shift_sign_ups"
    )
    name = models.CharField(_("Name"), max_length=160)
    email = models.EmailField(_("E-Mail"), blank=True)  # blank only once erased
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=SignUpStatus.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # After the shift staff record who came and the hours given (0 for a no-show).
    attended = models.BooleanField(_("Gekommen"), null=True, blank=True)
    hours = models.DecimalField(_("Stunden"), max_digits=4, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Schichtanmeldung")
        verbose_name_plural = _("Schichtanmeldungen")
        ordering = ["created_at", "pk"]
        constraints = [
            # One person never holds the same shift twice (by address, and by account).
            models.UniqueConstraint(
                fields=["shift", "email"],
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(email=""),
                name="volunteering_one_active_sign_up_per_email",
            ),
            models.UniqueConstraint(
                fields=["shift", "user"],
                condition=Q(status__in=ACTIVE_STATUSES) & Q(user__isnull=False),
                name="volunteering_one_active_sign_up_per_user",
            ),
        ]
        indexes = [models.Index(fields=["shift", "status"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.shift}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:sign_up", kwargs={"token": self.token})

    def permission_district_ids(self) -> Iterable[int]:
        return self.shift.call.permission_district_ids()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def can_cancel(self, now: datetime | None = None) -> bool:
        return self.is_active and (now or timezone.now()) < self.shift.cancel_deadline()


class CallHistory(AppendOnlyModel):
    """What happened to a call, its shifts and sign-ups: append-only, without names or addresses."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Angelegt")
        COPIED = "copied", _("Kopiert")
        SHIFT_CHANGED = "shift_changed", _("Schicht geändert")
        SIGNED_UP = "signed_up", _("Angemeldet")
        CONFIRMED = "confirmed", _("Bestätigt")
        CANCELLED = "cancelled", _("Abgesagt")
        REMOVED = "removed", _("Ausgetragen")
        MESSAGED = "messaged", _("Nachricht an alle Helfenden")
        ATTENDANCE = "attendance", _("Anwesenheit und Stunden eingetragen")
        INVITED = "invited", _("Passende Freiwillige eingeladen")
        PUBLISHED = "published", _("Veröffentlicht")
        UNPUBLISHED = "unpublished", _("Nicht mehr veröffentlicht")

    call = models.ForeignKey(HelperCall, on_delete=models.CASCADE, related_name="history")
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sign_up = models.ForeignKey(SignUp, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf der Helfergesuche")
        ordering = ["created_at", "pk"]


class ConductInspection(models.Model):
    """That staff inspected a person's extended certificate of conduct (§ 72a SGB VIII).

    § 72a (5) allows storing only that the certificate was inspected, its date and whether it
    shows a conviction for an offence listed in § 72a (1); never the document. The record is
    deleted when the person does not take up the activity, otherwise at the latest three months
    after it ends (the job ``erase_conduct_inspections``; the periods are settings)."""

    email = models.EmailField(_("E-Mail"), unique=True)
    name = models.CharField(_("Name"), max_length=160)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    certificate_date = models.DateField(_("Ausstellungsdatum des Führungszeugnisses"))
    relevant_entry = models.BooleanField(_("Einschlägiger Eintrag nach § 72a Abs. 1 SGB VIII"), default=False)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Einsichtnahme in das Führungszeugnis")
        verbose_name_plural = _("Einsichtnahmen in Führungszeugnisse")
        ordering = ["certificate_date", "pk"]

    def __str__(self) -> str:
        return self.name

    def runs_out(self) -> date:
        years = settings.VOLUNTEERING_CONDUCT_VALID_YEARS
        try:
            return self.certificate_date.replace(year=self.certificate_date.year + years)
        except ValueError:  # 29 February
            return self.certificate_date.replace(year=self.certificate_date.year + years, day=28)

    def is_valid(self, today: date | None = None) -> bool:
        return not self.relevant_entry and (today or timezone.localdate()) < self.runs_out()


class OtherHours(models.Model):
    """Hours a volunteer gave elsewhere in the town's work, for staff of the district to confirm."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("wartet auf Bestätigung")
        CONFIRMED = "confirmed", _("bestätigt")
        DECLINED = "declined", _("nicht bestätigt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="other_hours"
    )
    district = models.ForeignKey(District, verbose_name=_("Ortsteil"), on_delete=models.PROTECT, related_name="+")
    activity = models.CharField(_("Tätigkeit"), max_length=200)
    organisation = models.CharField(_("Organisation"), max_length=200)
    day = models.DateField(_("Datum"))
    hours = models.DecimalField(_("Stunden"), max_digits=4, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Weitere Stunden")
        verbose_name_plural = _("Weitere Stunden")
        ordering = ["-day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="volunteering_other_hours_in_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.day})"

    def permission_district_ids(self) -> Iterable[int]:
        return [self.district_id]


class VolunteerProfile(models.Model):
    """A resident's opt-in volunteer profile: what they can do, what interests them, where and
    when they usually have time. Staff see it only when ``may_ask`` is set (the consent to be
    asked directly); the birth year, if given, answers a shift's minimum age."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile")
    skills = models.CharField(
        _("Was Sie gut können"), max_length=300, blank=True, help_text=_("z. B. Backen, Aufbau, Spanisch, Erste Hilfe")
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Was Sie interessiert"), blank=True, related_name="+"
    )
    districts = models.ManyToManyField(District, verbose_name=_("Ortsteile"), blank=True, related_name="+")
    weekday_mornings = models.BooleanField(_("werktags vormittags"), default=False)
    weekday_afternoons = models.BooleanField(_("werktags nachmittags"), default=False)
    weekday_evenings = models.BooleanField(_("werktags abends"), default=False)
    weekends = models.BooleanField(_("am Wochenende"), default=False)
    may_ask = models.BooleanField(
        _("Das Büro darf mich direkt anfragen"),
        default=False,
        help_text=_("Nur dann sieht das Team Ihr Profil und kann Sie zu passenden Helfergesuchen einladen."),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("Geburtsjahr (freiwillig)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900)],
        help_text=_("Nur für Schichten mit Mindestalter."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Engagement-Profil")
        verbose_name_plural = _("Engagement-Profile")

    def __str__(self) -> str:
        return str(self.user)

    def age_at(self, day: date) -> int | None:
        """The age the person has reached for sure on ``day`` (the birth year alone cannot say
        whether the birthday has passed, so it counts the lower of the two possible ages)."""
        return None if self.birth_year is None else day.year - self.birth_year - 1
