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
from quartier.places.models import MAX_LOGO_BYTES, District, FieldOfAction, latitude_validators, longitude_validators
from quartier.projects.models import Project
from quartier.volunteering.models import HelperCall


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


class ContactPerson(models.Model):
    """Someone to talk to at an organisation. Personal data: staff of the organisation's
    districts and the members of the round tables the organisation belongs to see them; the
    public only once the person's consent is recorded (who recorded it, when)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("Name"), max_length=120)
    role = models.CharField(_("Funktion"), max_length=120, blank=True, help_text=_("z. B. Vorsitzende, Leitung"))
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("Öffentlich zeigen"),
        default=False,
        help_text=_("Nur ankreuzen, wenn die Person eingewilligt hat, öffentlich genannt zu werden."),
    )
    consent_recorded_at = models.DateTimeField(_("Einwilligung erfasst am"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Einwilligung erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


def _new_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class Partnership(models.Model):
    """A person's role as partner of one organisation: invited by staff by e-mail, accepted by
    the person signed in with that address. Partners keep their organisation's entry."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partnerships")
    email = models.EmailField(_("E-Mail-Adresse"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="partnerships"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Partnerschaft")
        verbose_name_plural = _("Partnerschaften")
        ordering = ["invited_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.email}"

    def get_absolute_url(self) -> str:
        return reverse("network:partner_accept", kwargs={"token": self.token})


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


class OrganisationCall(models.Model):
    """A helper call in an organisation's name: proposed by one of its partners, published by
    the district's staff. The link lives here, because volunteering lies below network and
    never names it. It holds nothing about a person (the call records who proposed it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="call_links")
    call = models.OneToOneField(HelperCall, on_delete=models.CASCADE, related_name="organisation_link")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Helfergesuch einer Organisation")
        verbose_name_plural = _("Helfergesuche von Organisationen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.call_id}"


# Round tables ---------------------------------------------------------------------------------


class RoundTableQuerySet(models.QuerySet["RoundTable"]):
    def managed_by(self, user: Any) -> RoundTableQuerySet:
        from quartier.core.permissions import sees_every_district, staff_district_ids

        if sees_every_district(user):
            return self.all()
        return self.filter(districts__in=staff_district_ids(user)).distinct()

    def visible_to(self, user: Any) -> RoundTableQuerySet:
        """Round tables whose meetings ``user`` may read: as a member, as their districts' staff,
        or because the round table publishes its minutes."""
        from quartier.core.permissions import sees_every_district, staff_district_ids

        if sees_every_district(user):
            return self.all()
        condition = Q(publishes_minutes=True)
        if getattr(user, "is_authenticated", False):
            condition |= Q(memberships__user=user)
            condition |= Q(districts__in=staff_district_ids(user))
        return self.filter(pk__in=RoundTable.objects.filter(condition).values("pk"))


class RoundTable(models.Model):
    """A network of organisations and people that meets: a round table, the family centre's
    circle, the Stadtlabor, the regular communication round."""

    name = models.CharField(_("Name"), max_length=160)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=160, unique=True)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("Ortsteile"), related_name="round_tables")
    publishes_minutes = models.BooleanField(
        _("Protokolle öffentlich"),
        default=False,
        help_text=_("Dann kann jede·r die Sitzungen, Protokolle und Beschlüsse lesen."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundTableQuerySet.as_manager()

    class Meta:
        verbose_name = _("Netzwerk (Runder Tisch)")
        verbose_name_plural = _("Netzwerke (Runde Tische)")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:round_table", kwargs={"slug": self.slug})

    def permission_district_ids(self) -> Iterable[int]:
        return [district.pk for district in self.districts.all()]


class Membership(models.Model):
    """A member of a round table: an organisation or a person (an account)."""

    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="round_table_memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Mitglied")
        verbose_name_plural = _("Mitglieder")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, user__isnull=False)
                | Q(organisation__isnull=False, user__isnull=True),
                name="network_membership_one_member",
            ),
            models.UniqueConstraint(fields=["round_table", "organisation"], name="network_membership_organisation"),
            models.UniqueConstraint(fields=["round_table", "user"], name="network_membership_user"),
        ]

    def __str__(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return str(getattr(self.user, "public_name", ""))


class Meeting(models.Model):
    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="meetings")
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200)
    agenda_deadline = models.DateTimeField(
        _("Vorschläge zur Tagesordnung bis"), null=True, blank=True, help_text=_("Leer: bis zum Beginn")
    )
    minutes = models.TextField(_("Protokoll (Markdown)"), blank=True)
    invited_at = models.DateTimeField(_("Eingeladen am"), null=True, blank=True)
    attendees = models.ManyToManyField(
        Membership, verbose_name=_("Anwesend"), blank=True, related_name="attended", through="Attendance"
    )

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["round_table", "-start", "-id"])]

    def __str__(self) -> str:
        return f"{self.round_table_id} {self.start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("network:meeting", kwargs={"pk": self.pk})

    def permission_district_ids(self) -> Iterable[int]:
        return self.round_table.permission_district_ids()

    @property
    def proposals_until(self) -> Any:
        return self.agenda_deadline or self.start


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="network_attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.membership_id}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("Thema"), max_length=200)
    note = models.TextField(_("Erläuterung"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Vorgeschlagen von"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A decision of a round table, numbered through all its meetings."""

    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveIntegerField(_("Nummer"))
    text = models.TextField(_("Beschluss"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["round_table", "number"], name="network_decision_number")]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:40]}"


class ActionItem(models.Model):
    """Something a member promised to do by a date. The owner is a person or an organisation;
    when the person's account is deleted the item stays, with neither ("gelöschtes Konto")."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        DONE = "done", _("erledigt")

    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("Aufgabe"), max_length=200)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuständige Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Zuständige Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due = models.DateField(_("Fällig am"))
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reminded_for = models.DateField(_("Erinnert für Fälligkeit"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_organisation_id:
            return self.owner_organisation.name  # type: ignore[union-attr]
        if self.owner_user_id:
            return str(self.owner_user.public_name)  # type: ignore[union-attr]
        return str(_("gelöschtes Konto"))


class RoundTableEntry(AppendOnlyModel):
    """The history of a round table: who did what when."""

    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    what = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("Eintrag im Verlauf eines Netzwerks")
        verbose_name_plural = _("Verlauf der Netzwerke")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.what
