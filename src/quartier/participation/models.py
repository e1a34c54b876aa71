"""Ideas from residents, the support they gather and the comments on them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
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
from quartier.places.models import District, FieldOfAction

COMMENT_EDIT_WINDOW = timedelta(minutes=15)


class IdeaQuerySet(models.QuerySet["Idea"]):
    def for_listing(self) -> IdeaQuerySet:
        return self.select_related("district", "field_of_action", "author")

    def visible(self) -> IdeaQuerySet:
        return self.filter(hidden_at=None)

    def search(self, text: str) -> IdeaQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(text__icontains=text))


class Idea(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("eingereicht")
        UNDER_REVIEW = "review", _("wird geprüft")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")
        REALISED = "realised", _("umgesetzt")

    title = models.CharField(_("Titel"), max_length=160)
    text = models.TextField(_("Beschreibung (Markdown)"), max_length=10_000)
    district = models.ForeignKey(District, verbose_name=_("Ortsteil"), on_delete=models.PROTECT, related_name="ideas")
    field_of_action = models.ForeignKey(
        FieldOfAction, verbose_name=_("Handlungsfeld"), on_delete=models.PROTECT, related_name="ideas"
    )
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)
    # Served only through a view that checks the idea is visible (see views.idea_image).
    image = ImageField(
        _("Bild"), upload_to="ideas/", storage=private_storage, blank=True, max_upload_bytes=5 * 1024 * 1024
    )
    image_alt = models.CharField(_("Bildbeschreibung"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Verfasst von"), on_delete=models.CASCADE, related_name="ideas"
    )
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    status_explanation = models.TextField(_("Erläuterung zum Stand"), blank=True)
    # Stored, and changed with F() in the transaction that adds or removes a row, so that
    # lists sort and show counts without counting per idea.
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0)
    comment_count = models.PositiveIntegerField(_("Kommentare"), default=0)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("Grund für das Ausblenden"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Eingereicht am"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["-support_count", "-id"]),
            models.Index(fields=["-comment_count", "-id"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:idea", kwargs={"pk": self.pk})

    def permission_district_ids(self) -> Iterable[int]:
        return [self.district_id]

    def can_be_edited_by(self, user: Any) -> bool:
        """The author may change the idea until someone has commented on or supported it."""
        return getattr(user, "pk", None) == self.author_id and self.support_count == 0 and self.comment_count == 0

    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def map_marker(self) -> dict[str, Any]:
        return {"name": self.title, "url": self.get_absolute_url(), "lat": self.latitude, "lon": self.longitude}


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="participation_one_support_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Follow(models.Model):
    """Someone who wants news of an idea by e-mail, at most once a day."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_follows")
    # News after this moment goes into the next digest.
    notified_until = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="participation_one_follow_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_comments")
    # Replies go one level deep: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name=_("Antwort auf")
    )
    text = models.TextField(_("Kommentar"), max_length=3000)
    is_deleted = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("Grund für das Ausblenden"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["idea", "created_at"])]

    def __str__(self) -> str:
        return self.text[:40]

    def can_be_edited_by(self, user: Any) -> bool:
        """The author, within 15 minutes of writing it."""
        return (
            not self.is_deleted
            and getattr(user, "pk", None) == self.author_id
            and timezone.now() - self.created_at <= COMMENT_EDIT_WINDOW
        )

    def can_be_deleted_by(self, user: Any) -> bool:
        return not self.is_deleted and getattr(user, "pk", None) == self.author_id

    def permission_district_ids(self) -> Iterable[int]:
        return [self.idea.district_id]


class Block(models.Model):
    """A person who may no longer contribute; all they wrote is hidden when they are blocked."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_block")
    reason = models.CharField(_("Grund"), max_length=300)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Gesperrt von")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Sperre")
        verbose_name_plural = _("Sperren")

    def __str__(self) -> str:
        return str(self.user_id)


class Report(models.Model):
    """A signed-in person's report of an idea or a comment, with their reason."""

    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_reports")
    reason = models.CharField(_("Grund der Meldung"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, comment__isnull=True) | Q(idea__isnull=True, comment__isnull=False),
                name="participation_report_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.reason[:40]


class ModerationEntry(AppendOnlyModel):
    """One step of moderation. Append-only: entries are written once and never changed."""

    class Action(models.TextChoices):
        HIDE = "hide", _("ausgeblendet")
        RESTORE = "restore", _("wiederhergestellt")
        DISMISS = "dismiss", _("Meldung erledigt")
        BLOCK = "block", _("Person gesperrt")

    action = models.CharField(max_length=10, choices=Action.choices)
    idea = models.ForeignKey(Idea, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.ForeignKey(Comment, null=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Moderationsschritt")
        verbose_name_plural = _("Moderationsverlauf")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d}"


__all__ = [
    "Block",
    "Comment",
    "Follow",
    "Idea",
    "ModerationEntry",
    "Report",
    "Support",
]
