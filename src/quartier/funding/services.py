"""Every change to an application: enter it, move it a step through the pipeline. Each runs
in one transaction and writes a step to the application's append-only history; a step the
pipeline does not allow is refused with a message, and so are amounts that do not fit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.funding.models import TRANSITIONS, Application, ApplicationStep, Programme, ProgrammeChange, Status
from quartier.network.models import Organisation
from quartier.projects.models import Project

DECISIONS = (Status.APPROVED, Status.PARTLY_APPROVED)
PROGRAMME_FIELDS = [
    "name",
    "slug",
    "provider",
    "provider_name",
    "link",
    "funding_rate",
    "minimum_amount",
    "maximum_amount",
    "own_contribution",
    "deadline_kind",
    "deadline",
    "eligibility",
    "notes",
    "public",
]


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def save_programme(*, programme: Programme, fields_of_action: Iterable[Any], by: Any) -> Programme:
    """Coordinators enter or change a programme; the change is recorded with the fields it touched."""
    if not by.has_perm("funding.manage_programmes"):
        raise PermissionDenied
    if programme.pk is None:
        changed = ["created"]
        before_fields: set[int] = set()
    else:
        stored = Programme.objects.select_for_update().get(pk=programme.pk)
        changed = [name for name in PROGRAMME_FIELDS if getattr(stored, name) != getattr(programme, name)]
        before_fields = set(stored.fields_of_action.values_list("pk", flat=True))
    programme.full_clean()
    programme.save()
    programme.fields_of_action.set(fields_of_action)
    if set(programme.fields_of_action.values_list("pk", flat=True)) != before_fields and changed != ["created"]:
        changed.append("fields_of_action")
    if changed:
        ProgrammeChange.objects.create(programme=programme, by=by, fields=", ".join(changed)[:500])
    return programme


@transaction.atomic
def create_application(
    *,
    title: str,
    programme: Programme,
    projects: Iterable[Project],
    requested: Decimal,
    by: Any,
    own_contribution: Decimal = Decimal("0.00"),
    third_party: Decimal = Decimal("0.00"),
    submission_deadline: datetime.date | None = None,
    organisation: Organisation | None = None,
    note: str = "",
) -> Application:
    """Enter an application (as an idea) for projects ``by`` works on."""
    if not by.has_perm("funding.add_application"):
        raise PermissionDenied
    projects = list(projects)
    errors: dict[str, list[str]] = {}
    if not projects:
        errors.setdefault("projects", []).append(_("Bitte wählen Sie mindestens ein Projekt."))
    elif not all(by.has_perm("funding.change_application", project) for project in projects):
        errors.setdefault("projects", []).append(_("Sie können nur Projekte Ihrer Ortsteile wählen."))
    if requested is None or requested <= 0:
        errors.setdefault("requested", []).append(_("Bitte geben Sie einen Betrag über 0 € an."))
    elif programme.maximum_amount is not None and requested > programme.maximum_amount:
        errors.setdefault("requested", []).append(
            _("Das Programm fördert höchstens %(amount)s €.") % {"amount": programme.maximum_amount}
        )
    if submission_deadline is not None and submission_deadline < _today():
        errors.setdefault("submission_deadline", []).append(
            _("Die Einreichungsfrist liegt in der Vergangenheit. Bitte prüfen Sie das Datum.")
        )
    if errors:
        raise ValidationError(errors)
    application = Application(
        title=title.strip(),
        programme=programme,
        organisation=organisation,
        requested=requested,
        own_contribution=own_contribution,
        third_party=third_party,
        submission_deadline=submission_deadline,
    )
    application.full_clean()
    application.save()
    application.projects.set(projects)
    ApplicationStep.objects.create(application=application, to_status=Status.IDEA, on=_today(), note=note, by=by)
    return application


@transaction.atomic
def move_application(
    *,
    application: Application,
    to: str,
    by: Any,
    on: datetime.date | None = None,
    note: str = "",
    amount: Decimal | None = None,
    proof_due: datetime.date | None = None,
) -> Application:
    """Take the application one step: a decision needs the amount approved (more than requested
    only with a note), a fund call the amount called (never more than approved in all), the
    proof of use its due date."""
    stored = Application.objects.select_for_update().get(pk=application.pk)
    if not by.has_perm("funding.change_application", stored):
        raise PermissionDenied
    note = note.strip()
    on = on or _today()
    if to not in TRANSITIONS[stored.status]:
        raise ValidationError(
            _("Ein Antrag im Stand „%(from)s“ kann nicht in den Stand „%(to)s“ wechseln.")
            % {"from": Status(stored.status).label, "to": Status(to).label if to in Status.values else to}
        )
    if on > _today():
        raise ValidationError({"on": _("Ein Schritt kann nicht in der Zukunft liegen.")})
    if to in DECISIONS:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Bitte geben Sie den bewilligten Betrag an.")})
        if amount > stored.requested and not note:
            raise ValidationError(
                {"note": _("Bewilligt ist mehr als beantragt: Bitte begründen Sie das in der Notiz.")}
            )
        if to == Status.PARTLY_APPROVED and amount >= stored.requested:
            raise ValidationError({"amount": _("Teilweise bewilligt heißt: weniger als beantragt.")})
        stored.approved = amount
    elif to == Status.DECLINED:
        stored.approved = Decimal("0.00")
        amount = None
    elif to == Status.FUNDS_CALLED:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Bitte geben Sie den abgerufenen Betrag an.")})
        if stored.paid + amount > (stored.approved or 0):
            raise ValidationError(
                {
                    "amount": _("Ausgezahlt wären dann %(paid)s €, bewilligt sind nur %(approved)s €.")
                    % {"paid": stored.paid + amount, "approved": stored.approved}
                }
            )
        stored.paid += amount
    else:
        amount = None
    if to == Status.PROOF_DUE:
        proof_due = proof_due or stored.proof_due
        if proof_due is None:
            raise ValidationError({"proof_due": _("Bitte geben Sie an, bis wann der Nachweis fällig ist.")})
        stored.proof_due = proof_due
    elif to == Status.FUNDS_CALLED and proof_due is not None:
        stored.proof_due = proof_due
    stored.status = to
    stored.save()
    ApplicationStep.objects.create(
        application=stored, from_status=application.status, to_status=to, on=on, amount=amount, note=note, by=by
    )
    return stored


def deadlines_between(start: datetime.date, end: datetime.date) -> Q:
    """Applications with a submission deadline or a proof of use due in [start, end] that is still ahead of them."""
    return Q(
        status__in=(Status.IDEA, Status.DRAFTING), submission_deadline__gte=start, submission_deadline__lte=end
    ) | Q(
        status__in=(Status.APPROVED, Status.PARTLY_APPROVED, Status.FUNDS_CALLED, Status.PROOF_DUE),
        proof_due__gte=start,
        proof_due__lte=end,
    )


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """The days named in ``FUNDING_REMINDER_DAYS`` before a submission deadline or a proof of
    use, the staff of the application's districts get an e-mail (coordinators when nobody staffs
    them). The job runs once a day, so each reminder goes once. Returns how many went."""
    from quartier.accounts.models import User
    from quartier.funding.tasks import send_deadline_reminder

    today = today or _today()
    sent = 0
    for days in settings.FUNDING_REMINDER_DAYS:
        day = today + datetime.timedelta(days=days)
        due = Application.objects.filter(deadlines_between(day, day)).prefetch_related("projects__districts")
        for application in due:
            kind = "submission" if application.status in (Status.IDEA, Status.DRAFTING) else "proof"
            districts = {d.pk for p in application.projects.all() for d in p.districts.all()}
            staff = User.objects.filter(is_active=True, staffed_districts__in=districts)
            if not staff.exists():
                staff = User.objects.filter(is_active=True, is_coordinator=True)
            addresses = sorted(set(staff.exclude(email="").values_list("email", flat=True)))
            if addresses:
                transaction.on_commit(
                    lambda pk=application.pk, kind=kind, addresses=addresses: send_deadline_reminder.enqueue(  # type: ignore[misc]
                        pk, kind, addresses
                    )
                )
                sent += 1
    return sent
