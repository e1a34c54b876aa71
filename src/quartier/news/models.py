"""News posts (Aktuelles): for the whole town or for some districts, optionally about a
project, in fields of action; a post appears by itself at its publication time."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.core.images import ImageField
from quartier.network.models import Organisation
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> PostQuerySet:
        return self.filter(published_at__lte=timezone.now())

    def for_listing(self) -> PostQuerySet:
        return self.prefetch_related("districts").order_by("-published_at", "-pk")

    def in_district(self, district: District) -> PostQuerySet:
        """The district's own posts and those for the whole town (no district)."""
        return self.filter(models.Q(districts=district) | models.Q(districts__isnull=True)).distinct()

    def proposals(self) -> PostQuerySet:
        """Posts partners proposed for their organisation, waiting for staff to publish them."""
        return self.filter(proposed_at__isnull=False, published_at__isnull=True)

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
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("Die Organisation des Netzwerks, von der die Meldung stammt."),
    )
    # Set when a partner proposes the post for their organisation: it waits unpublished until
    # staff of its districts publish it (then cleared).
    proposed_at = models.DateTimeField(_("Vorgeschlagen am"), null=True, blank=True, editable=False)
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


def new_token() -> str:
    return secrets.token_urlsafe(24)


def address_digest(email: str) -> str:
    """What is kept of an address once it unsubscribed: enough to prove it, not to write to it."""
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


class NewsletterList(models.Model):
    """A newsletter a person can subscribe to: one per district, or one per topic (field of action)."""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("Ortsteil"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field_of_action = models.ForeignKey(
        FieldOfAction, verbose_name=_("Thema"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("Newsletter")
        verbose_name_plural = _("Newsletter")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """One address's subscription to one or more lists, active once the address confirmed it.
    An address has at most one subscription (subscribing again adds lists to it)."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    lists = models.ManyToManyField(NewsletterList, verbose_name=_("Newsletter"), related_name="subscriptions")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")

    def __str__(self) -> str:
        return str(self.pk)

    def get_absolute_url(self) -> str:
        """The private page where the subscriber changes their lists or unsubscribes."""
        return reverse("news:subscription", kwargs={"token": self.token})

    def get_unsubscribe_url(self) -> str:
        return reverse("news:unsubscribe", kwargs={"token": self.token})


class SubscriptionRequest(models.Model):
    """A wish to subscribe, waiting for the address to confirm it (double opt-in). Nothing of it
    reaches an existing subscription before the link in the mail to that address is used."""

    email = models.EmailField(_("E-Mail-Adresse"))
    lists = models.ManyToManyField(NewsletterList, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    consent_text = models.TextField(_("Einwilligungstext"))
    source = models.CharField(_("Wo gegeben"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Offene Newsletter-Anmeldung")
        verbose_name_plural = _("Offene Newsletter-Anmeldungen")

    def __str__(self) -> str:
        return str(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("news:confirm", kwargs={"token": self.token})


class Consent(AppendOnlyModel):
    """The proof of a confirmed consent: when, to which text, where, for which lists."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="consents")
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    text = models.TextField(_("Einwilligungstext"))
    source = models.CharField(_("Wo gegeben"), max_length=200)
    lists = models.CharField(_("Newsletter"), max_length=500)

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.at}"


class Unsubscription(AppendOnlyModel):
    """The proof that an address unsubscribed (its digest and the time), all that is kept of it."""

    address_digest = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Abmeldung")
        verbose_name_plural = _("Abmeldungen")

    def __str__(self) -> str:
        return str(self.at)
