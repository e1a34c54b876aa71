"""Funding (Fördermittel): programmes that pay for district work and the office's applications
to them, each through its pipeline with an append-only history of steps."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.core.history import AppendOnlyModel
from quartier.core.storage import private_storage
from quartier.network.models import Organisation
from quartier.places.models import FieldOfAction
from quartier.projects.models import Project

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
APPROVED_STATUSES = frozenset(
    {
        Status.APPROVED,
        Status.PARTLY_APPROVED,
        Status.FUNDS_CALLED,
        Status.PROOF_DUE,
        Status.PROOF_SUBMITTED,
        Status.CLOSED,
    }
)
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
    fund_call_due = models.DateField(_("Nächster Mittelabruf bis"), null=True, blank=True)
    funded_from = models.DateField(_("Förderzeitraum von"), null=True, blank=True)
    funded_until = models.DateField(_("Förderzeitraum bis"), null=True, blank=True)
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

    def is_decided(self) -> bool:
        """Approved (wholly or partly) and on its way: conditions of approval apply."""
        return self.status in APPROVED_STATUSES


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


class ApplicationChange(AppendOnlyModel):
    """What else happened to an application besides its steps: a document added or deleted, a
    condition of approval set, fulfilled or opened again; who did it when."""

    class Action(models.TextChoices):
        DOCUMENT_ADDED = "document_added", _("Dokument hochgeladen")
        DOCUMENT_DELETED = "document_deleted", _("Dokument gelöscht")
        CONDITION_ADDED = "condition_added", _("Auflage eingetragen")
        CONDITION_FULFILLED = "condition_fulfilled", _("Auflage erfüllt")
        CONDITION_REOPENED = "condition_reopened", _("Auflage wieder offen")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("Änderung"), max_length=30, choices=Action.choices)
    subject = models.CharField(_("Gegenstand"), max_length=300)
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("Änderung eines Förderantrags")
        verbose_name_plural = _("Änderungen von Förderanträgen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.action} {self.subject}"


class Document(models.Model):
    """A private file of an application (PDF or image): stored outside the public media under
    a random name, served only by a view that checks who may see the application."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Antrag")
        APPROVAL = "approval", _("Bewilligungsbescheid")
        PROOF = "proof", _("Nachweis")
        OTHER = "other", _("Sonstiges")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("Bezeichnung"), max_length=200)
    file = models.FileField(_("Datei"), storage=private_storage, upload_to="funding/", max_length=200)
    filename = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=50)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Hochgeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Dokument eines Förderantrags")
        verbose_name_plural = _("Dokumente von Förderanträgen")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:document", kwargs={"pk": self.application_id, "document": self.pk})


class ConditionQuerySet(models.QuerySet["Condition"]):
    def open(self) -> ConditionQuerySet:
        return self.filter(fulfilled_on=None)


class Condition(models.Model):
    """A condition of the approval (Auflage) with its due date; fulfilled on a date."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conditions")
    text = models.CharField(_("Auflage"), max_length=500)
    due = models.DateField(_("Fällig am"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuständig"),
        help_text=_("Leer: die Mitarbeitenden der Ortsteile des Antrags."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fulfilled_on = models.DateField(_("Erfüllt am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Auflage eines Förderantrags")
        verbose_name_plural = _("Auflagen von Förderanträgen")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["due"])]

    def __str__(self) -> str:
        return self.text


class Reminder(models.Model):
    """One reminder sent: its key (what, which deadline, how many days before) is unique, so
    a reminder goes exactly once, however often the job runs."""

    key = models.CharField(max_length=120, unique=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Erinnerung an eine Förderfrist")
        verbose_name_plural = _("Erinnerungen an Förderfristen")

    def __str__(self) -> str:
        return self.key


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in the address of a staff member's private deadline feed (.ics); a new one
    replaces it, deleting it revokes the feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Kalender-Abo der Förderfristen")
        verbose_name_plural = _("Kalender-Abos der Förderfristen")

    def __str__(self) -> str:
        return f"{self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("funding:feed", kwargs={"token": self.token})


class PlanLine(models.Model):
    """One line of an application's cost and financing plan (Kosten- und Finanzierungsplan):
    what was planned and what was actually spent (or received), in euros to the cent."""

    class Category(models.TextChoices):
        STAFF = "staff", _("Personalkosten")
        MATERIAL = "material", _("Sachkosten")
        FEES = "fees", _("Honorare")
        INVESTMENT = "investment", _("Investitionen")
        OWN_FUNDS = "own_funds", _("Eigenmittel")
        GRANT = "grant", _("Zuwendung aus diesem Antrag")
        THIRD_PARTY = "third_party", _("Drittmittel")
        DONATIONS = "donations", _("Spenden")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="plan_lines")
    category = models.CharField(_("Art"), max_length=20, choices=Category.choices)
    description = models.CharField(_("Beschreibung"), max_length=200, blank=True)
    planned = models.DecimalField(_("Plan (€)"), default=Decimal("0.00"), **EURO)  # type: ignore[arg-type]
    actual = models.DecimalField(_("Ist (€)"), default=Decimal("0.00"), **EURO)  # type: ignore[arg-type]
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Zeile des Finanzplans")
        verbose_name_plural = _("Zeilen des Finanzplans")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned__gte=0) & models.Q(actual__gte=0), name="funding_plan_line_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"

    @property
    def is_cost(self) -> bool:
        return self.category in COST_CATEGORIES


COST_CATEGORIES = frozenset(
    {PlanLine.Category.STAFF, PlanLine.Category.MATERIAL, PlanLine.Category.FEES, PlanLine.Category.INVESTMENT}
)
FINANCING_CATEGORIES = frozenset(set(PlanLine.Category) - COST_CATEGORIES)


class ProofOfUse(models.Model):
    """The factual report (Sachbericht) of an application's proof of use, as staff wrote it."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="proof")
    report = models.TextField(_("Sachbericht"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")

    def __str__(self) -> str:
        return str(self.application_id)


class FinanceChange(AppendOnlyModel):
    """One change of an application's finance plan or of its proof's report: who, when, what."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Finanzplan")
        REPORT = "report", _("Sachbericht")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="finance_changes")
    kind = models.CharField(_("Was"), max_length=10, choices=Kind.choices)
    summary = models.CharField(_("Änderung"), max_length=500)
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("Änderung am Finanzplan oder Sachbericht")
        verbose_name_plural = _("Änderungen an Finanzplänen und Sachberichten")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.summary}"
