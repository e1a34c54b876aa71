"""Projects of the office and their public updates (fields of action live in places)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.core.images import ImageField
from quartier.participation.models import Idea
from quartier.places.models import MAX_LOGO_BYTES, District, FieldOfAction


class ProjectQuerySet(models.QuerySet["Project"]):
    def for_listing(self) -> ProjectQuerySet:
        return self.select_related("lead").prefetch_related("districts", "fields_of_action")

    def search(self, text: str) -> ProjectQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text) | Q(description__icontains=text))

    def in_district(self, district: District) -> ProjectQuerySet:
        return self.filter(districts=district)

    def editable_by(self, user: Any) -> ProjectQuerySet:
        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(districts__staff=user).distinct()


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("läuft")
        PAUSED = "paused", _("pausiert")
        DONE = "done", _("abgeschlossen")

    title = models.CharField(_("Titel"), max_length=160)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=160, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="projects"
    )
    districts = models.ManyToManyField(District, verbose_name=_("Ortsteile"), related_name="projects")
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Leitung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    partners = models.TextField(_("Partner"), blank=True, help_text=_("Eine Organisation pro Zeile"))
    budget_planned = models.DecimalField(
        _("Budget geplant (Euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    budget_spent = models.DecimalField(
        _("Budget ausgegeben (Euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    image = ImageField(_("Bild"), upload_to="projects/", blank=True, max_upload_bytes=MAX_LOGO_BYTES)
    image_alt = models.CharField(_("Bildbeschreibung"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["-start", "title"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def more_text(self) -> str:
        """The description, unless it only repeats the short text shown above it."""
        if " ".join(self.description.split()) == " ".join(self.summary.split()):
            return ""
        return self.description

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Das Ende liegt vor dem Beginn.")})
        if self.budget_planned is not None and self.budget_planned < 0:
            raise ValidationError({"budget_planned": _("Das Budget kann nicht negativ sein.")})
        if self.budget_spent is not None and self.budget_spent < 0:
            raise ValidationError({"budget_spent": _("Das Budget kann nicht negativ sein.")})

    def permission_district_ids(self) -> Iterable[int]:
        return [district.pk for district in self.districts.all()]

    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


class ProjectUpdate(models.Model):
    """A dated public post about a project's progress."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("Datum"))
    title = models.CharField(_("Überschrift"), max_length=160)
    body = models.TextField(_("Text (Markdown)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProjectIdea(models.Model):
    """An idea a project came from. An idea becomes at most one project; a project may come
    from several ideas. Kept here, not on the idea: participation lies below projects."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="idea_links")
    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="project_link")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Idee des Projekts")
        verbose_name_plural = _("Ideen des Projekts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.idea} → {self.project}"
