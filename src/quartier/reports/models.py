"""The yearly report "Projekte und Aktivitäten": its state per year (draft or published), the
texts staff write for the town and per district, and its history. The figures are not stored:
they are aggregated from the apps' report sections when the page is read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.places.models import District


class YearReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")

    year = models.PositiveIntegerField(_("Jahr"), unique=True)
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Jahresbericht")
        verbose_name_plural = _("Jahresberichte")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReportText(models.Model):
    """The introduction and highlights of the year's report for the town (no district) or a district."""

    report = models.ForeignKey(YearReport, on_delete=models.CASCADE, related_name="texts")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    introduction = models.TextField(_("Einleitung"), blank=True, max_length=5000)
    highlights = models.TextField(_("Höhepunkte"), blank=True, max_length=3000, help_text=_("Ein Höhepunkt pro Zeile"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Berichtstext")
        verbose_name_plural = _("Berichtstexte")
        constraints = [
            models.UniqueConstraint(fields=["report", "district"], name="report_text_once_per_district"),
            models.UniqueConstraint(
                fields=["report"], condition=models.Q(district__isnull=True), name="report_text_once_for_town"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.district_id or '-'}"

    def highlight_list(self) -> list[str]:
        return [line.strip() for line in self.highlights.splitlines() if line.strip()]


class ReportEntry(AppendOnlyModel):
    """The report's history: texts saved, published, withdrawn."""

    class Action(models.TextChoices):
        TEXT = "text", _("Text gespeichert")
        PUBLISHED = "published", _("veröffentlicht")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    report = models.ForeignKey(YearReport, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=10, choices=Action.choices)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Eintrag zum Jahresbericht")
        verbose_name_plural = _("Einträge zum Jahresbericht")
        ordering = ["created_at", "pk"]
