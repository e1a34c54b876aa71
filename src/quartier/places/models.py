from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from quartier.core.colors import validate_readable_on_white
from quartier.core.images import ImageField
from quartier.core.pagecache import current_version

MAX_LOGO_BYTES = 2 * 1024 * 1024
GEOJSON_TYPES = {"Polygon", "MultiPolygon"}


def validate_logo_size(file: Any) -> None:
    # Named by the first migrations; image columns now limit the upload in core.images.ImageField.
    if file and file.size > MAX_LOGO_BYTES:
        raise ValidationError(_("Das Bild ist zu groß (höchstens 2 MB)."))


def validate_outline(value: Any) -> None:
    """A district outline is a GeoJSON Polygon or MultiPolygon (bare or as a Feature)."""
    geometry = value.get("geometry") if isinstance(value, dict) and value.get("type") == "Feature" else value
    if (
        not isinstance(geometry, dict)
        or geometry.get("type") not in GEOJSON_TYPES
        or not isinstance(geometry.get("coordinates"), list)
    ):
        raise ValidationError(_("Bitte geben Sie ein GeoJSON-Polygon oder -MultiPolygon an."))


latitude_validators = [MinValueValidator(-90), MaxValueValidator(90)]
longitude_validators = [MinValueValidator(-180), MaxValueValidator(180)]


TOWN_CACHE_KEY = "places:town"
FRAGMENT_SECONDS = 60


class Town(models.Model):
    """The municipality this installation serves; there is exactly one."""

    name = models.CharField(_("Name"), max_length=120)
    official_name = models.CharField(
        _("Amtlicher Name"), max_length=200, blank=True, help_text=_("z. B. Stadt Freudenberg")
    )
    intro = models.TextField(_("Begrüßung (Markdown)"), blank=True)
    logo = ImageField(_("Wappen oder Logo"), upload_to="town/", blank=True, max_upload_bytes=MAX_LOGO_BYTES)
    primary_color = models.CharField(
        _("Hauptfarbe"), max_length=7, default="#1a4f8b", validators=[validate_readable_on_white]
    )
    address = models.TextField(_("Anschrift"), blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)
    represented_by = models.CharField(_("Vertreten durch"), max_length=200, blank=True)
    latitude = models.FloatField(_("Breitengrad"), default=50.8975, validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), default=7.8667, validators=longitude_validators)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Stadt")
        verbose_name_plural = _("Stadt")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # the one town of this installation
        super().save(*args, **kwargs)
        cache.delete(TOWN_CACHE_KEY)

    @classmethod
    def load(cls) -> Town | None:
        """The town, which every page's layout shows; cached, since it changes once in a blue moon.

        A save clears the cache; with a per-process cache (no REDIS_URL) other web
        processes see the change within FRAGMENT_SECONDS.
        """
        town = cache.get(TOWN_CACHE_KEY)
        if town is None:
            town = cls.objects.filter(pk=1).first()
            if town is not None:
                cache.set(TOWN_CACHE_KEY, town, FRAGMENT_SECONDS)
        return town


class ContactPoint(models.Model):
    """An Anlaufstelle: where residents of one or more districts find their staff."""

    name = models.CharField(_("Name"), max_length=160)
    street = models.CharField(_("Straße und Hausnummer"), max_length=160)
    postcode = models.CharField(_("PLZ"), max_length=10)
    city = models.CharField(_("Ort"), max_length=120)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    office_hours = models.TextField(_("Sprechzeiten (Markdown)"), blank=True)
    notes = models.TextField(_("Hinweise (Markdown)"), blank=True, help_text=_("z. B. Anfahrt, Barrierefreiheit"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Anlaufstelle")
        verbose_name_plural = _("Anlaufstellen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def permission_district_ids(self) -> Iterable[int]:
        return [district.pk for district in self.districts.all()]


@lru_cache(maxsize=1)
def _district_list_url() -> str:
    return reverse("places:district_list")


def content_version() -> str:
    """Changes whenever anything is added, changed or removed: the data version the database
    advances on every write (quartier.core.pagecache), bulk updates included.

    Cached page fragments carry it in their key, so every web process shows a change at
    once without a shared cache.
    """
    return str(current_version())  # read once per request: the page cache read it already


class DistrictQuerySet(models.QuerySet["District"]):
    def for_listing(self) -> DistrictQuerySet:
        return self.select_related("contact_point")

    def as_choices(self) -> DistrictQuerySet:
        """For select fields: names only, not portraits and GeoJSON outlines."""
        return self.only("pk", "name", "slug")

    def staffed_by(self, user: Any) -> DistrictQuerySet:
        if getattr(user, "is_coordinator", False) or getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(staff=user)


class District(models.Model):
    """An Ortsteil. Everything that belongs somewhere belongs to a district."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=120, unique=True)
    portrait = models.TextField(_("Kurzporträt (Markdown)"), blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    latitude = models.FloatField(_("Breitengrad"), validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), validators=longitude_validators)
    outline = models.JSONField(_("Umriss (GeoJSON)"), null=True, blank=True, validators=[validate_outline])
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("Anlaufstelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="districts",
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Mitarbeitende"), blank=True, related_name="staffed_districts"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ortsteil")
        verbose_name_plural = _("Ortsteile")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Lists link every district several times: one reverse() per process, not per link.
        return f"{_district_list_url()}{self.slug}/"

    def permission_district_ids(self) -> Iterable[int]:
        return (self.pk,)

    def map_marker(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.get_absolute_url(), "lat": self.latitude, "lon": self.longitude}


class StaffNotice(models.Model):
    """Something new in a district that its staff hear of: one e-mail each at once, or in the
    daily summary, as each staff member chose. Holds no personal data, only what the item is
    called and where staff deal with it."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="staff_notices")
    kind = models.CharField(max_length=30)  # "inquiry", "report", "event_proposal", "idea", …
    heading = models.CharField(max_length=100)  # what it is, in the site's language: "Neues Anliegen"
    title = models.CharField(max_length=300)
    path = models.CharField(max_length=300)  # where staff deal with it, on this site
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["district", "created_at"])]

    def __str__(self) -> str:
        return f"{self.heading}: {self.title}"


class FieldOfAction(models.Model):
    """A Handlungsfeld: the town's list of topics its work is sorted by."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        # The seeded names are translated (see SEEDED_NAMES); a town's own names stay as typed.
        return gettext(self.name)


# The fields of action the data migration seeds, here so that makemessages offers them.
SEEDED_NAMES = [
    gettext_noop("Jugend"),
    gettext_noop("Familie"),
    gettext_noop("Senioren"),
    gettext_noop("Kultur"),
    gettext_noop("Integration"),
    gettext_noop("Nachbarschaft"),
    gettext_noop("Umwelt"),
    gettext_noop("Sport"),
]
