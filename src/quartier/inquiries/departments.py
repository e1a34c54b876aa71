"""The town's departments (Fachstellen: Bauhof, Ordnungsamt, the county's road department) and
the inquiries forwarded to them. A department has no account: it answers through the private
link of its own forward."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.images import ImageField
from quartier.core.reporting import median_seconds
from quartier.core.storage import private_storage

if TYPE_CHECKING:
    from quartier.inquiries.models import Category


def _new_token() -> str:
    from quartier.inquiries.models import new_token

    return new_token()


class DepartmentQuerySet(models.QuerySet["Department"]):
    def active(self) -> DepartmentQuerySet:
        return self.filter(is_active=True)

    def suggested_for(self, category: Category) -> Department | None:
        """The department that usually handles the category, if the list names one."""
        return self.active().filter(categories=category).order_by("name").first()


class Department(models.Model):
    """An office of the town or another authority that acts on inquiries; its e-mail address
    is the office's, not a person's."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    email = models.EmailField(
        _("E-Mail-Adresse"), help_text=_("Die Funktionsadresse der Stelle, kein persönliches Postfach.")
    )
    categories = models.ManyToManyField(
        "inquiries.Category",
        verbose_name=_("Übliche Kategorien"),
        blank=True,
        related_name="departments",
        help_text=_("Im Posteingang wird diese Stelle für Anliegen dieser Kategorien vorgeschlagen."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("Erwartete Antwortzeit (Arbeitstage)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Danach wird die Stelle erinnert und die Weiterleitung gilt als überfällig."),
    )
    is_external = models.BooleanField(
        _("Externe Stelle"), default=False, help_text=_("Zum Beispiel der Kreis oder die Stadtwerke.")
    )
    is_active = models.BooleanField(_("Aktiv"), default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fachstelle")
        verbose_name_plural = _("Fachstellen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForwardQuerySet(models.QuerySet["Forward"]):
    def open(self) -> ForwardQuerySet:
        return self.filter(state__in=Forward.OPEN_STATES)

    def overdue(self, now: datetime | None = None) -> ForwardQuerySet:
        return self.open().filter(due_at__lt=now or timezone.now())

    def visible_to(self, user: Any) -> ForwardQuerySet:
        from quartier.inquiries.models import Inquiry

        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(inquiry__in=Inquiry.objects.visible_to(user))


class Forward(models.Model):
    """One inquiry handed to one department, with its answer."""

    class State(models.TextChoices):
        SENT = "sent", _("Gesendet")
        RECEIVED = "received", _("Eingegangen")
        IN_PROGRESS = "in_progress", _("In Bearbeitung")
        DONE = "done", _("Erledigt")
        NOT_RESPONSIBLE = "not_responsible", _("Nicht zuständig")

    OPEN_STATES = (State.SENT, State.RECEIVED, State.IN_PROGRESS)
    FINAL_STATES = (State.DONE, State.NOT_RESPONSIBLE)

    inquiry = models.ForeignKey("inquiries.Inquiry", on_delete=models.CASCADE, related_name="forwards")
    department = models.ForeignKey(
        Department, verbose_name=_("Fachstelle"), on_delete=models.PROTECT, related_name="forwards"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    note = models.TextField(_("Hinweis an die Fachstelle"), blank=True)
    include_contact = models.BooleanField(_("Name und Kontakt der absendenden Person mitgeben"), default=False)
    state = models.CharField(_("Stand"), max_length=20, choices=State.choices, default=State.SENT)
    answer = models.TextField(_("Antwort der Fachstelle"), blank=True)
    photo = ImageField(_("Foto der Fachstelle"), storage=private_storage, upload_to="forwards/", blank=True)
    sent_at = models.DateTimeField(_("weitergeleitet am"), default=timezone.now)
    due_at = models.DateTimeField(_("Antwort erwartet bis"))
    answered_at = models.DateTimeField(_("erste Antwort am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True)

    objects = ForwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("Weiterleitung")
        verbose_name_plural = _("Weiterleitungen")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.inquiry_id} → {self.department_id}"

    def get_private_url(self) -> str:
        return reverse("inquiries:forward_page", kwargs={"token": self.token})

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and (now or timezone.now()) >= self.due_at

    def link_expired(self, now: datetime | None = None) -> bool:
        """The private link ends INQUIRY_FORWARD_LINK_DAYS after the inquiry was closed (and at once
        when its personal data was removed)."""
        inquiry = self.inquiry
        if inquiry.anonymised_at is not None:
            return True
        if inquiry.closed_at is None:
            return False
        return (now or timezone.now()) >= inquiry.closed_at + timedelta(days=settings.INQUIRY_FORWARD_LINK_DAYS)


FIGURES_PERIOD = timedelta(days=365)


class DepartmentFigures:
    """How one department answered the forwards of the last twelve months."""

    def __init__(self, department: Department) -> None:
        self.department = department
        self.forwarded = self.open = self.overdue = self.done = self.not_responsible = 0
        self.median_answer_seconds: float | None = None

    @property
    def median_answer_days(self) -> float | None:
        if self.median_answer_seconds is None:
            return None
        return round(self.median_answer_seconds / 86400, 1)


def department_figures(
    user: Any, now: datetime | None = None, *, departments: list[Department] | None = None
) -> list[DepartmentFigures]:
    """Over the forwards the user may see, counted in the database (the median too): every
    department given, or without the list only the departments that had forwards. Two queries
    with the list, three without, whatever the number of forwards."""
    now = now or timezone.now()
    rows = Forward.objects.visible_to(user).filter(sent_at__gte=now - FIGURES_PERIOD).order_by()
    is_open = Q(state__in=Forward.OPEN_STATES)
    counts = {
        row["department"]: row
        for row in rows.values("department").annotate(
            forwarded=Count("pk"),
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(due_at__lte=now)),
            done=Count("pk", filter=Q(state=Forward.State.DONE)),
            not_responsible=Count("pk", filter=Q(state=Forward.State.NOT_RESPONSIBLE)),
        )
    }
    if departments is None:
        departments = list(Department.objects.filter(pk__in=list(counts)).order_by("name")) if counts else []
    medians = median_seconds(rows, "sent_at", "answered_at", group="department") if counts else {}
    figures = []
    for department in departments:
        entry = DepartmentFigures(department)
        row = counts.get(department.pk)
        if row is not None:
            entry.forwarded, entry.open, entry.overdue = row["forwarded"], row["open"], row["overdue"]
            entry.done, entry.not_responsible = row["done"], row["not_responsible"]
        entry.median_answer_seconds = medians.get(department.pk)
        figures.append(entry)
    return figures
