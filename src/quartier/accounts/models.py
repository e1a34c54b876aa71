from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuartierUserManager(UserManager["User"]):
    """Users are known by their e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user_by_email(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user_by_email(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:  # type: ignore[override]
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user_by_email(email, password, **extra)


class StaffMail(models.TextChoices):
    """How district staff hear of new inquiries, reports, event proposals and ideas."""

    EACH = "each", _("Eine E-Mail zu jedem Eingang")
    DAILY = "daily", _("Eine Zusammenfassung am Tag")


class User(AbstractUser):
    """A person with an account. Roles: resident (everyone), district staff (through
    district assignments), coordinator (every district) and administrator (superuser)."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    name = models.CharField(
        _("Name"), max_length=150, blank=True, help_text=_("So werden Sie auf der Website genannt.")
    )
    is_coordinator = models.BooleanField(
        _("Koordinationsstelle"), default=False, help_text=_("Sieht und bearbeitet alle Ortsteile.")
    )
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True, editable=False)
    staff_mail = models.CharField(
        _("Benachrichtigung über Neues in Ihren Ortsteilen"),
        max_length=5,
        choices=StaffMail.choices,
        default=StaffMail.EACH,
        help_text=_("Neue Anliegen, Meldungen von Inhalten, Terminvorschläge und Ideen"),
    )
    # The end of the period the last daily summary covered; the next one starts there.
    staff_summary_until = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = QuartierUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """What pages show for this person: never anything taken from the e-mail address."""
        if self.anonymised_at:
            return str(_("Gelöschtes Konto"))
        return self.name or str(_("Bewohner·in"))

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name
