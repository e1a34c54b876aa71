"""News posts (Aktuelles): for the whole town or for some districts, optionally about a
project, in fields of action; a post appears by itself at its publication time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.core.images import ImageField
from quartier.places.models import District
from quartier.projects.models import FieldOfAction, Project


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> PostQuerySet:
        return self.filter(published_at__lte=timezone.now())

    def for_listing(self) -> PostQuerySet:
        return self.prefetch_related("districts").order_by("-published_at", "-pk")

    def in_district(self, district: District) -> PostQuerySet:
        """The district's own posts and those for the whole town (no district)."""
        return self.filter(models.Q(districts=district) | models.Q(districts__isnull=True)).distinct()

    def editable_by(self, user: Any) -> PostQuerySet:
        from quartier.core.permissions import sees_every_district, staff_district_ids

        if sees_every_district(user):
            return self.all()
        return self.filter(districts__in=staff_district_ids(user)).distinct()


class Post(models.Model):
    title = models.CharField(_("Titel"), max_length=160)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=160, unique=True)
    teaser = models.CharField(_("Anreißer"), max_length=300, help_text=_("Ein, zwei Sätze für Listen und Vorschauen."))
    text = models.TextField(_("Text (Markdown)"), blank=True)
    image = ImageField(_("Bild"), upload_to="news/", blank=True)
    image_alt = models.CharField(_("Beschreibung des Bildes"), max_length=200, blank=True)
    districts = models.ManyToManyField(
        District,
        verbose_name=_("Ortsteile"),
        blank=True,
        related_name="posts",
        help_text=_("Keiner gewählt: die Meldung gilt für die ganze Stadt."),
    )
    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="posts"
    )
    published_at = models.DateTimeField(
        _("Veröffentlichen am"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leer lassen: Entwurf. Ein Zeitpunkt in der Zukunft: die Meldung erscheint dann von selbst."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    def permission_district_ids(self) -> Iterable[int]:
        return [district.pk for district in self.districts.all()]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class PostChange(AppendOnlyModel):
    """One change of a post: who changed which fields when."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )
    fields = models.CharField(_("Geänderte Felder"), max_length=500)

    class Meta:
        verbose_name = _("Änderung einer Meldung")
        verbose_name_plural = _("Änderungen von Meldungen")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.fields}"
