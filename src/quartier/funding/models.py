"""Funding (Fördermittel): programmes that pay for district work and the office's applications
to them, each through its pipeline with an append-only history of steps."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.network.models import Organisation
from quartier.projects.models import FieldOfAction, Project

EURO = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.00"))]}


class Programme(models.Model):
    class Provider(models.TextChoices):
        EU = "eu", _("EU")
        FEDERAL = "federal", _("Bund")
        STATE = "state", _("Land NRW")
        COUNTY = "county", _("Kreis")
        FOUNDATION = "foundation", _("Stiftung")
        LOTTERY = "lottery", _("Lotterie")

    class DeadlineKind(models.TextChoices):
        FIXED = "fixed", _("fester Termin")
        YEARLY = "yearly", _("jährlich wiederkehrend")
        OPEN = "open", _("laufend (ohne Frist)")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname für Adressen"), max_length=200, unique=True)
    provider = models.CharField(_("Fördergeber"), max_length=20, choices=Provider.choices)
    provider_name = models.CharField(_("Name des Fördergebers"), max_length=200, blank=True)
    link = models.URLField(_("Link"), blank=True)
    funding_rate = models.DecimalField(
        _("Förderquote (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    minimum_amount = models.DecimalField(_("Mindestbetrag (€)"), null=True, blank=True, **EURO)  # type: ignore[arg-type]
    maximum_amount = models.DecimalField(_("Höchstbetrag (€)"), null=True, blank=True, **EURO)  # type: ignore[arg-type]
    own_contribution = models.CharField(_("Eigenanteil"), max_length=300, blank=True)
    deadline_kind = models.CharField(
        _("Antragsfrist"), max_length=10, choices=DeadlineKind.choices, default=DeadlineKind.OPEN
    )
    deadline = models.DateField(_("Nächste Frist"), null=True, blank=True)
    eligibility = models.TextField(_("Wer kann beantragen"), blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="funding_programmes"
    )
    notes = models.TextField(_("Hinweise"), blank=True)
    public = models.BooleanField(_("öffentlich zeigen"), default=False)

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, Any] = {}
        if (
            self.minimum_amount is not None
            and self.maximum_amount is not None
            and self.minimum_amount > self.maximum_amount
        ):
            errors["maximum_amount"] = _("Der Höchstbetrag darf nicht unter dem Mindestbetrag liegen.")
        if self.deadline_kind != self.DeadlineKind.OPEN and self.deadline is None:
            errors["deadline"] = _("Bitte geben Sie die nächste Frist an.")
        if errors:
            raise ValidationError(errors)


class Status(models.TextChoices):
    IDEA = "idea", _("Idee")
    DRAFTING = "drafting", _("in Arbeit")
    SUBMITTED = "submitted", _("eingereicht")
    APPROVED = "approved", _("bewilligt")
    PARTLY_APPROVED = "partly_approved", _("teilweise bewilligt")
    DECLINED = "declined", _("abgelehnt")
    FUNDS_CALLED = "funds_called", _("Mittel abgerufen")
    PROOF_DUE = "proof_due", _("Verwendungsnachweis fällig")
    PROOF_SUBMITTED = "proof_submitted", _("Verwendungsnachweis eingereicht")
    CLOSED = "closed", _("abgeschlossen")


# The pipeline: from each status the steps it allows. A fund call may follow a fund call
# (instalments); a declined application can only be closed.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.IDEA: frozenset({Status.DRAFTING, Status.CLOSED}),
    Status.DRAFTING: frozenset({Status.IDEA, Status.SUBMITTED, Status.CLOSED}),
    Status.SUBMITTED: frozenset({Status.APPROVED, Status.PARTLY_APPROVED, Status.DECLINED}),
    Status.APPROVED: frozenset({Status.FUNDS_CALLED}),
    Status.PARTLY_APPROVED: frozenset({Status.FUNDS_CALLED}),
    Status.DECLINED: frozenset({Status.CLOSED}),
    Status.FUNDS_CALLED: frozenset({Status.FUNDS_CALLED, Status.PROOF_DUE}),
    Status.PROOF_DUE: frozenset({Status.PROOF_SUBMITTED}),
    Status.PROOF_SUBMITTED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
OPEN_STATUSES = [status for status in Status if status not in (Status.DECLINED, Status.CLOSED)]


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """Coordinators see every application; district staff those of projects in their districts."""
        from quartier.core.permissions import sees_every_district, staff_district_ids

        if sees_every_district(user):
            return self.all()
        mine = staff_district_ids(user)
        if not mine:
            return self.none()
        return self.filter(
            pk__in=Application.projects.through.objects.filter(project__districts__in=mine).values("application_id")
        )

    def of_partner(self, user: Any) -> ApplicationQuerySet:
        """The applications made by organisations whose partner the user is."""
        from quartier.funding.rules import partner_organisation_ids

        return self.filter(organisation_id__in=partner_organisation_ids(user))

    def for_listing(self) -> ApplicationQuerySet:
        return self.select_related("programme", "organisation").prefetch_related(
            models.Prefetch("projects", queryset=Project.objects.only("pk", "title", "slug"))
        )


class Application(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    programme = models.ForeignKey(
        Programme, verbose_name=_("Förderprogramm"), on_delete=models.PROTECT, related_name="applications"
    )
    projects = models.ManyToManyField(Project, verbose_name=_("Projekte"), related_name="funding_applications")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Antragsteller (Partnerorganisation)"),
        help_text=_("Leer: das Quartiersbüro stellt den Antrag selbst."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.IDEA)
    requested = models.DecimalField(_("Beantragt (€)"), **EURO)  # type: ignore[arg-type]
    approved = models.DecimalField(_("Bewilligt (€)"), null=True, blank=True, **EURO)  # type: ignore[arg-type]
    paid = models.DecimalField(_("Ausgezahlt (€)"), default=Decimal("0.00"), **EURO)  # type: ignore[arg-type]
    own_contribution = models.DecimalField(_("Eigenanteil (€)"), default=Decimal("0.00"), **EURO)  # type: ignore[arg-type]
    third_party = models.DecimalField(_("Drittmittel (€)"), default=Decimal("0.00"), **EURO)  # type: ignore[arg-type]
    submission_deadline = models.DateField(_("Einreichungsfrist"), null=True, blank=True)
    proof_due = models.DateField(_("Verwendungsnachweis fällig am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Förderantrag")
        verbose_name_plural = _("Förderanträge")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at", "-id"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:detail", kwargs={"pk": self.pk})

    def permission_district_ids(self) -> Iterable[int]:
        return set(
            Project.districts.through.objects.filter(project__in=self.projects.all()).values_list(
                "district_id", flat=True
            )
        )

    def allowed_steps(self) -> list[tuple[str, Any]]:
        allowed = TRANSITIONS[self.status]
        return [(status.value, status.label) for status in Status if status in allowed]

    def next_deadline(self) -> Any:
        if self.status in (Status.IDEA, Status.DRAFTING):
            return self.submission_deadline
        if self.status in (Status.FUNDS_CALLED, Status.PROOF_DUE):
            return self.proof_due
        return None


class ApplicationStep(AppendOnlyModel):
    """One step of an application through the pipeline: when, by whom, with what note."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("von"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("nach"), max_length=20, choices=Status.choices)
    on = models.DateField(_("Datum"))
    amount = models.DecimalField(_("Betrag (€)"), null=True, blank=True, **EURO)  # type: ignore[arg-type]
    note = models.TextField(_("Notiz"), blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("Schritt eines Förderantrags")
        verbose_name_plural = _("Schritte von Förderanträgen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class ProgrammeChange(AppendOnlyModel):
    """One change of a programme's entry: who changed which fields when."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )
    fields = models.CharField(_("Geänderte Felder"), max_length=500)

    class Meta:
        verbose_name = _("Änderung eines Förderprogramms")
        verbose_name_plural = _("Änderungen von Förderprogrammen")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.fields}"
