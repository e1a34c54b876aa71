"""Needs surveys (Bedarfserhebung): questions the office asks a district or the whole town."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.places.models import District


class SurveyQuerySet(models.QuerySet["Survey"]):
    def published(self) -> SurveyQuerySet:
        return self.filter(opens_at__lte=timezone.now())


class Survey(models.Model):
    title = models.CharField(_("Titel"), max_length=160)
    introduction = models.TextField(_("Einleitung (Markdown)"), blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("Ortsteil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("Leer lassen für eine Umfrage in der ganzen Stadt."),
    )
    opens_at = models.DateTimeField(_("Beginn"))
    closes_at = models.DateTimeField(_("Ende"))
    requires_account = models.BooleanField(
        _("Nur mit Konto"),
        default=True,
        help_text=_("Mit Konto: eine Antwort pro Person. Ohne: eine Antwort pro Browser, begrenzt pro Adresse."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Das Ende muss nach dem Beginn liegen.")})

    def permission_district_ids(self) -> Iterable[int]:
        # A town-wide survey belongs to no district: only coordinators manage it.
        return [self.district_id] if self.district_id else []

    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    def is_closed(self) -> bool:
        return timezone.now() >= self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Eine Auswahl")
        MULTIPLE = "multiple", _("Mehrfachauswahl")
        RATING = "rating", _("Bewertung 1–5")
        TEXT = "text", _("Freitext")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    text = models.CharField(_("Frage"), max_length=300)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    choices = models.TextField(_("Antwortmöglichkeiten"), blank=True, help_text=_("Eine pro Zeile"))
    required = models.BooleanField(_("Pflichtfrage"), default=False)

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE} and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("Bitte geben Sie mindestens zwei Antwortmöglichkeiten an.")})
        if self.kind == self.Kind.RATING and len(self.choice_list()) not in {0, 2}:
            raise ValidationError(
                {"choices": _("Bei einer Bewertung: zwei Zeilen, was 1 und was 5 bedeutet (oder keine).")}
            )

    def scale_hint(self) -> str:
        """What 1 and 5 mean for a rating question: its own two lines, or "gar nicht" and "sehr"."""
        lines = self.choice_list()
        low, high = lines if len(lines) == 2 else [str(_("gar nicht")), str(_("sehr"))]
        return _("1 = %(low)s, 5 = %(high)s") % {"low": low, "high": high}

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def has_choices(self) -> bool:
        return self.kind != self.Kind.TEXT


class SurveyResponse(models.Model):
    """One person's (or one browser's) answers. Holds the account only to refuse a second
    answer; exports and results never show it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False), name="surveys_one_response_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Chosen options (single: one, multiple: several), the rating as "1"…"5", or free text.
    values = models.JSONField(default=list)
    text = models.TextField(blank=True, max_length=3000)

    def __str__(self) -> str:
        return f"{self.question_id}: {self.values or self.text[:20]}"

    def as_text(self) -> Any:
        return "; ".join(self.values) if self.values else self.text
