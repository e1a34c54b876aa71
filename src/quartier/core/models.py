from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LegalPage(models.Model):
    """A page the law or good practice asks every public body's site to have."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutzerklärung")
        ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
        EASY_LANGUAGE = "leichte-sprache", _("Leichte Sprache")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text (Markdown)"))
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:legal", kwargs={"kind": self.kind})


class JobRun(models.Model):
    """One period of a scheduled job (``quartier.core.registry.jobs``). The unique
    (job, period start) is what lets exactly one of several workers run a period."""

    class Outcome(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        SUCCEEDED = "succeeded", _("erfolgreich")
        FAILED = "failed", _("fehlgeschlagen")

    job = models.CharField(_("Aufgabe"), max_length=100)
    period_start = models.DateTimeField(_("Zeitraum ab"))
    queued_at = models.DateTimeField(_("eingereiht am"))
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=Outcome.choices, default=Outcome.QUEUED)
    message = models.TextField(_("Meldung"), blank=True)

    class Meta:
        verbose_name = _("Lauf einer geplanten Aufgabe")
        verbose_name_plural = _("Läufe geplanter Aufgaben")
        ordering = ["-period_start", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "period_start"], name="core_jobrun_once_per_period")]

    def __str__(self) -> str:
        return f"{self.job} {self.period_start:%Y-%m-%d %H:%M}"


class SearchEntry(models.Model):
    """One record in the site search, kept by ``quartier.core.search`` from what the app's
    search provider says of it. ``kind`` is the provider's name, ``object_id`` the record's key.

    PostgreSQL searches ``search_vector`` (German configuration, GIN index, both made by
    the migration); SQLite searches the FTS5 table ``core_searchentry_fts`` that triggers keep
    in step with this table. ``folded`` holds the words with umlauts written out (ü → ue), so
    "Buergertreff" finds "Bürgertreff"."""

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    folded = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    district_id = models.PositiveBigIntegerField(null=True, blank=True)
    staff_only = models.BooleanField(default=False)
    visible_from = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_kind_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
