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


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        """Subscriptions mail may go to: not suspended after a bounce or complaint."""
        return self.filter(suspended_at__isnull=True)


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
    # Set when the mail provider reports a hard bounce or a complaint: no more mail goes to
    # the address until it confirms a subscription again (double opt-in).
    suspended_at = models.DateTimeField(_("Ausgesetzt seit"), null=True, blank=True)
    suspended_reason = models.CharField(_("Grund der Aussetzung"), max_length=20, blank=True)

    objects = SubscriptionQuerySet.as_manager()

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


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SCHEDULED = "scheduled", _("Geplant")
    SENDING = "sending", _("Wird versendet")
    SENT = "sent", _("Versendet")


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: Any) -> CampaignQuerySet:
        """Coordinators see every campaign; staff those of their districts whose district lists
        are all theirs (a campaign to another district's list is not theirs to see)."""
        from quartier.core.permissions import sees_every_district, staff_district_ids

        if sees_every_district(user):
            return self.all()
        mine = staff_district_ids(user)
        foreign = NewsletterList.objects.filter(district__isnull=False).exclude(district__in=mine)
        return self.filter(district__in=mine).exclude(lists__in=foreign)

    def with_progress(self) -> CampaignQuerySet:
        """Each campaign with its recipients counted by state, in the same query."""
        counts = {
            f"count_{state}": models.Count("recipients", filter=models.Q(recipients__status=state))
            for state in RecipientStatus.values
        }
        return self.annotate(count_total=models.Count("recipients"), **counts)


class Campaign(models.Model):
    """A newsletter mail: a Markdown text with automatic blocks (the latest posts, the next
    events, open helper calls of its district), sent to the subscribers of the chosen lists
    now or at a time. Its content is frozen when sending starts, so every recipient, the
    campaign page and the printed copy show the same."""

    subject = models.CharField(_("Betreff"), max_length=160)
    text = models.TextField(_("Text (Markdown)"), blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("Ortsteil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Die automatischen Blöcke zeigen Neues aus diesem Ortsteil und der ganzen Stadt."),
    )
    lists = models.ManyToManyField(NewsletterList, verbose_name=_("Newsletter"), related_name="campaigns")
    with_posts = models.BooleanField(_("Die neuesten Meldungen"), default=True)
    with_events = models.BooleanField(_("Die nächsten Termine"), default=True)
    with_calls = models.BooleanField(_("Offene Helfergesuche"), default=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True
    )
    scheduled_at = models.DateTimeField(_("Versand geplant für"), null=True, blank=True, db_index=True)
    content = models.JSONField(_("Inhalt beim Versand"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("Versand begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Versand beendet"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rundbrief")
        verbose_name_plural = _("Rundbriefe")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("news:campaign", args=[self.pk])

    def permission_district_ids(self) -> Iterable[int]:
        """Its district and the districts of its lists: staff need every one of them."""
        ids = {list_.district_id for list_ in self.lists.all() if list_.district_id}
        if self.district_id:
            ids.add(self.district_id)
        return ids

    @property
    def is_editable(self) -> bool:
        return self.status in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED)


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("Ausstehend")
    SENT = "sent", _("Versendet")
    FAILED = "failed", _("Fehlgeschlagen")
    SKIPPED = "skipped", _("Übersprungen")


class CampaignRecipient(models.Model):
    """One address a campaign goes to, with its state: claimed and sent in one transaction, so
    a worker started again after a crash sends each remaining recipient once. Erasure and
    unsubscribing blank the address; the row stays for the campaign's counts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaign_recipients"
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=RecipientStatus.choices, default=RecipientStatus.PENDING
    )
    sent_at = models.DateTimeField(_("Versendet am"), null=True, blank=True)
    error = models.CharField(_("Fehler"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Empfänger eines Rundbriefs")
        verbose_name_plural = _("Empfänger von Rundbriefen")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email"], condition=~models.Q(email=""), name="news_one_recipient_per_address"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.status}"


class CampaignChange(AppendOnlyModel):
    """What happened to a campaign: written, changed, scheduled, test mail, sending started and
    finished; who did it and when."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("Was"), max_length=300)

    class Meta:
        verbose_name = _("Änderung eines Rundbriefs")
        verbose_name_plural = _("Änderungen von Rundbriefen")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.action}"
