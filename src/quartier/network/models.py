"""The directory of organisations on site: clubs, congregations, schools, Kitas, the family
centre, welfare associations, initiatives and businesses, each in its districts and fields of
action. Projects link to the organisations they work with (``Organisation.projects``: the link
lives here, because projects is named before network and never imports it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.core.images import ImageField
from quartier.places.models import MAX_LOGO_BYTES, District, latitude_validators, longitude_validators
from quartier.projects.models import FieldOfAction, Project


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def for_listing(self) -> OrganisationQuerySet:
        return self.prefetch_related("districts", "fields_of_action")

    def search(self, text: str) -> OrganisationQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(description__icontains=text) | Q(street__icontains=text))

    def editable_by(self, user: Any) -> OrganisationQuerySet:
        from quartier.core.permissions import sees_every_district, staff_district_ids

        if sees_every_district(user):
            return self.all()
        return self.filter(districts__in=staff_district_ids(user)).distinct()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CLUB = "club", _("Verein")
        CHURCH = "church", _("Kirchengemeinde")
        SCHOOL = "school", _("Schule")
        KITA = "kita", _("Kita")
        FAMILY_CENTRE = "family_centre", _("Familienzentrum")
        WELFARE = "welfare", _("Wohlfahrtsverband")
        INITIATIVE = "initiative", _("Initiative")
        BUSINESS = "business", _("Unternehmen")

    name = models.CharField(_("Name"), max_length=160)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=160, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    districts = models.ManyToManyField(District, verbose_name=_("Ortsteile"), related_name="organisations")
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="organisations"
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=160, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=80, blank=True)
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True, validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True, validators=longitude_validators)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    # The organisation's public office address (info@…), shown in the directory: not a person's.
    email = models.EmailField(_("E-Mail (öffentlich)"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    opening_hours = models.TextField(_("Öffnungszeiten"), blank=True)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    logo = ImageField(_("Logo"), upload_to="organisations/", blank=True, max_upload_bytes=MAX_LOGO_BYTES)
    logo_alt = models.CharField(_("Beschreibung des Logos"), max_length=200, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("Projekte als Partner"), blank=True, related_name="partner_organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name", "id"]), models.Index(fields=["kind", "name", "id"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:detail", kwargs={"slug": self.slug})

    def permission_district_ids(self) -> Iterable[int]:
        return [district.pk for district in self.districts.all()]

    def map_marker(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.get_absolute_url(), "lat": self.latitude, "lon": self.longitude}

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class OrganisationChange(AppendOnlyModel):
    """One change of an organisation's entry: who changed which fields when."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )
    fields = models.CharField(_("Geänderte Felder"), max_length=500)

    class Meta:
        verbose_name = _("Änderung einer Organisation")
        verbose_name_plural = _("Änderungen von Organisationen")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.fields}"
