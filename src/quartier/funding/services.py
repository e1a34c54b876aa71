"""Every change to an application: enter it, move it a step through the pipeline. Each runs
in one transaction and writes a step to the application's append-only history; a step the
pipeline does not allow is refused with a message, and so are amounts that do not fit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.funding.documents import check_document
from quartier.funding.finance import balance_refusal, euros, plan_figures
from quartier.funding.models import (
    TRANSITIONS,
    Application,
    ApplicationChange,
    ApplicationStep,
    Condition,
    Document,
    FeedToken,
    FinanceChange,
    PlanLine,
    Programme,
    ProgrammeChange,
    ProofOfUse,
    Reminder,
    Status,
)
from quartier.network.models import Organisation
from quartier.places.notifications import is_silenced
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
    fund_call_due: datetime.date | None = None,
) -> Application:
    """Take the application one step: a decision needs the amount approved (more than requested
    only with a note), a fund call the amount called (never more than approved in all), the
    proof of use its due date. After a decision or a fund call, the date by which the next
    instalment is to be called may be set (a deadline with reminders). The responsible staff
    and the applicant's partners hear of the step by e-mail once it is committed."""
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
    if to == Status.SUBMITTED:
        refusal = balance_refusal(plan_figures(stored.plan_lines.all()))
        if refusal:
            raise ValidationError(refusal)
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
    if to in (*DECISIONS, Status.FUNDS_CALLED):
        if fund_call_due is not None and fund_call_due < _today():
            raise ValidationError(
                {"fund_call_due": _("Der nächste Mittelabruf kann nicht in der Vergangenheit liegen.")}
            )
        # A fund call made settles the date it was due by; a new date may come with it.
        stored.fund_call_due = fund_call_due
    else:
        stored.fund_call_due = None
    from_status = stored.status
    stored.status = to
    stored.save()
    step = ApplicationStep.objects.create(
        application=stored, from_status=from_status, to_status=to, on=on, amount=amount, note=note, by=by
    )
    from quartier.funding.notifications import send_step_mail

    if not is_silenced():
        transaction.on_commit(lambda: send_step_mail.enqueue(step.pk))
    return stored


SUBMISSION_OPEN = (Status.IDEA, Status.DRAFTING)
PROOF_OPEN = (Status.APPROVED, Status.PARTLY_APPROVED, Status.FUNDS_CALLED, Status.PROOF_DUE)
FUND_CALL_OPEN = (Status.APPROVED, Status.PARTLY_APPROVED, Status.FUNDS_CALLED)


def deadlines_between(start: datetime.date, end: datetime.date) -> Q:
    """Applications with a deadline in [start, end] that is still ahead of them: the
    submission, the next fund call, the proof of use, or an open condition of approval."""
    return (
        Q(status__in=SUBMISSION_OPEN, submission_deadline__gte=start, submission_deadline__lte=end)
        | Q(status__in=FUND_CALL_OPEN, fund_call_due__gte=start, fund_call_due__lte=end)
        | Q(status__in=PROOF_OPEN, proof_due__gte=start, proof_due__lte=end)
        | Q(
            pk__in=Condition.objects.open()
            .filter(due__gte=start, due__lte=end, application__status__in=PROOF_OPEN)
            .values("application_id")
        )
    )


def _district_staff_addresses(application: Application) -> list[str]:
    """The staff of the application's districts; the coordinators when nobody staffs them."""
    from quartier.accounts.models import User

    districts = {d.pk for p in application.projects.all() for d in p.districts.all()}
    staff = User.objects.filter(is_active=True, staffed_districts__in=districts)
    if not staff.exists():
        staff = User.objects.filter(is_active=True, is_coordinator=True)
    return sorted(set(staff.exclude(email="").values_list("email", flat=True)))


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """The days named in ``FUNDING_REMINDER_DAYS`` before a submission deadline, a fund call,
    a proof of use or a condition of approval, the responsible staff get an e-mail: the person
    named for a condition, otherwise the staff of the application's districts (coordinators
    when nobody staffs them). Each reminder is recorded under a unique key before it is queued,
    so it goes exactly once however often the job runs. Returns how many were queued."""
    from quartier.funding.notifications import send_deadline_reminder

    today = today or _today()
    sent = 0
    for days in settings.FUNDING_REMINDER_DAYS:
        day = today + datetime.timedelta(days=days)
        due: list[tuple[Application, str, Condition | None]] = []
        applications = Application.objects.filter(
            Q(status__in=SUBMISSION_OPEN, submission_deadline=day)
            | Q(status__in=FUND_CALL_OPEN, fund_call_due=day)
            | Q(status__in=PROOF_OPEN, proof_due=day)
        ).prefetch_related("projects__districts")
        for application in applications:
            if application.status in SUBMISSION_OPEN and application.submission_deadline == day:
                due.append((application, "submission", None))
            if application.status in FUND_CALL_OPEN and application.fund_call_due == day:
                due.append((application, "fund_call", None))
            if application.status in PROOF_OPEN and application.proof_due == day:
                due.append((application, "proof", None))
        conditions = (
            Condition.objects.open()
            .filter(due=day, application__status__in=PROOF_OPEN)
            .select_related("application", "responsible")
            .prefetch_related("application__projects__districts")
        )
        due.extend((condition.application, "condition", condition) for condition in conditions)
        for application, kind, condition in due:
            responsible = condition.responsible if condition is not None else None
            if responsible is not None and responsible.is_active and responsible.email:
                addresses = [responsible.email]
            else:
                addresses = _district_staff_addresses(application)
            if not addresses:
                continue
            condition_id = condition.pk if condition is not None else None
            key = f"{kind}:{application.pk}:{condition_id or 0}:{day.isoformat()}:{days}"
            with transaction.atomic():
                _, created = Reminder.objects.get_or_create(key=key, defaults={"application": application})
                if not created:
                    continue
                transaction.on_commit(
                    lambda pk=application.pk, kind=kind, cid=condition_id, addresses=addresses: (  # type: ignore[misc]
                        send_deadline_reminder.enqueue(pk, kind, addresses, cid)
                    )
                )
            sent += 1
    return sent


def _record(application: Application, action: str, subject: str, by: Any) -> None:
    ApplicationChange.objects.create(application=application, action=action, subject=subject[:300], by=by)


def _changeable(application: Application, by: Any) -> Application:
    stored = Application.objects.select_for_update().get(pk=application.pk)
    if not by.has_perm("funding.change_application", stored):
        raise PermissionDenied
    return stored


@transaction.atomic
def add_document(*, application: Application, kind: str, title: str, upload: Any, by: Any) -> Document:
    """Store a private file of the application: a PDF or an image in fact, within the size
    limit (a clear message otherwise, and nothing stored)."""
    stored = _changeable(application, by)
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie die Art des Dokuments.")})
    try:
        content, content_type, filename = check_document(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    title = title.strip() or filename
    document = Document(
        application=stored,
        kind=kind,
        title=title[:200],
        filename=filename,
        content_type=content_type,
        size=content.size,
        uploaded_by=by,
    )
    document.file.save(content.name or "dokument", content, save=False)
    name = document.file.name or ""
    try:
        document.full_clean()
        document.save()
        _record(stored, ApplicationChange.Action.DOCUMENT_ADDED, f"{document.get_kind_display()}: {title}", by)
    except Exception:
        document.file.storage.delete(name)
        raise
    return document


@transaction.atomic
def delete_document(*, document: Document, by: Any) -> None:
    """Remove a document; its file goes once the deletion is committed, the history keeps its title."""
    stored = _changeable(document.application, by)
    document = Document.objects.select_for_update().get(pk=document.pk, application=stored)
    name, storage = document.file.name or "", document.file.storage
    _record(stored, ApplicationChange.Action.DOCUMENT_DELETED, f"{document.get_kind_display()}: {document.title}", by)
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def add_condition(
    *, application: Application, text: str, due: datetime.date | None, by: Any, responsible: Any = None
) -> Condition:
    """A condition of the approval (Auflage) with its due date, for an approved application."""
    stored = _changeable(application, by)
    text = text.strip()
    errors: dict[str, list[str]] = {}
    if not stored.is_decided():
        errors.setdefault("__all__", []).append(
            _("Auflagen gibt es erst mit der Bewilligung. Der Antrag ist im Stand „%(status)s“.")
            % {"status": Status(stored.status).label}
        )
    if not text:
        errors.setdefault("text", []).append(_("Bitte beschreiben Sie die Auflage."))
    if due is None:
        errors.setdefault("due", []).append(_("Bitte geben Sie an, bis wann die Auflage erfüllt sein muss."))
    if responsible is not None and not responsible.has_perm("funding.change_application", stored):
        errors.setdefault("responsible", []).append(
            _("Zuständig sein kann nur, wer in den Ortsteilen des Antrags arbeitet.")
        )
    if errors or due is None:
        raise ValidationError(errors)
    condition = Condition(application=stored, text=text, due=due, responsible=responsible)
    condition.full_clean()
    condition.save()
    _record(stored, ApplicationChange.Action.CONDITION_ADDED, text, by)
    return condition


@transaction.atomic
def fulfil_condition(*, condition: Condition, by: Any, on: datetime.date | None = None) -> Condition:
    """Mark a condition fulfilled (on a day not in the future); no more reminders for it."""
    stored = _changeable(condition.application, by)
    condition = Condition.objects.select_for_update().get(pk=condition.pk, application=stored)
    on = on or _today()
    if condition.fulfilled_on is not None:
        raise ValidationError(_("Diese Auflage ist bereits als erfüllt eingetragen."))
    if on > _today():
        raise ValidationError({"on": _("Eine Auflage kann nicht in der Zukunft erfüllt worden sein.")})
    condition.fulfilled_on = on
    condition.save(update_fields=["fulfilled_on"])
    _record(stored, ApplicationChange.Action.CONDITION_FULFILLED, condition.text, by)
    return condition


@transaction.atomic
def reopen_condition(*, condition: Condition, by: Any) -> Condition:
    """A condition marked fulfilled by mistake is open again."""
    stored = _changeable(condition.application, by)
    condition = Condition.objects.select_for_update().get(pk=condition.pk, application=stored)
    if condition.fulfilled_on is None:
        raise ValidationError(_("Diese Auflage ist noch offen."))
    condition.fulfilled_on = None
    condition.save(update_fields=["fulfilled_on"])
    _record(stored, ApplicationChange.Action.CONDITION_REOPENED, condition.text, by)
    return condition


@transaction.atomic
def renew_feed_token(*, user: Any) -> FeedToken:
    """Staff get (or replace) the secret address of their deadline feed; the old one stops working."""
    from quartier.core.permissions import has_staff_role

    if not has_staff_role(user):
        raise PermissionDenied
    FeedToken.objects.filter(user=user).delete()
    return FeedToken.objects.create(user=user)


@transaction.atomic
def revoke_feed_token(*, user: Any) -> None:
    """The feed's address stops working."""
    FeedToken.objects.filter(user=user).delete()


# The plan is made before submission and adjusted to the approval notice afterwards; what was
# spent is recorded from the approval until the proof of use is handed in.
PLAN_OPEN = frozenset(
    {Status.IDEA, Status.DRAFTING, Status.APPROVED, Status.PARTLY_APPROVED, Status.FUNDS_CALLED, Status.PROOF_DUE}
)
ACTUAL_OPEN = frozenset({Status.APPROVED, Status.PARTLY_APPROVED, Status.FUNDS_CALLED, Status.PROOF_DUE})
MAX_EURO = Decimal("9999999999.99")


@dataclass(frozen=True)
class LineInput:
    """One line as the plan's form (or any other caller) gives it; ``pk`` names a stored line."""

    category: str
    description: str
    planned: Decimal
    actual: Decimal = Decimal("0.00")
    pk: int | None = None


def _line_errors(number: int, line: LineInput) -> list[str]:
    errors = []
    if line.category not in PlanLine.Category.values:
        errors.append(_("Zeile %(n)s: Bitte wählen Sie die Art der Zeile.") % {"n": number})
    for name, value in (("Plan", line.planned), ("Ist", line.actual)):
        if value is None or not value.is_finite():
            errors.append(_("Zeile %(n)s: Bitte geben Sie einen Betrag an (%(name)s).") % {"n": number, "name": name})
        elif value < 0:
            errors.append(_("Zeile %(n)s: Beträge können nicht negativ sein (%(name)s).") % {"n": number, "name": name})
        elif value > MAX_EURO or value != value.quantize(Decimal("0.01")):
            errors.append(
                _("Zeile %(n)s: Bitte geben Sie den Betrag in Euro auf den Cent an (%(name)s).")
                % {"n": number, "name": name}
            )
    if len(line.description) > 200:
        errors.append(_("Zeile %(n)s: Die Beschreibung ist zu lang (höchstens 200 Zeichen).") % {"n": number})
    return errors


@transaction.atomic
def save_finance_plan(
    *,
    application: Application,
    lines: Sequence[LineInput],
    by: Any,
    funded_from: datetime.date | None = None,
    funded_until: datetime.date | None = None,
) -> Application:
    """Replace the application's cost and financing plan with ``lines`` (lines left out are
    removed) and set its funded period. Planned amounts change before submission and after the
    decision; actual amounts from the approval on. Every line is checked before anything is
    written; the change is recorded with the plan's sums."""
    stored = Application.objects.select_for_update().get(pk=application.pk)
    if not by.has_perm("funding.change_application", stored):
        raise PermissionDenied
    status_label = Status(stored.status).label
    if stored.status not in PLAN_OPEN:
        raise ValidationError(
            _("Im Stand „%(status)s“ kann der Finanzplan nicht mehr geändert werden.") % {"status": status_label}
        )
    existing = {line.pk: line for line in stored.plan_lines.all()}
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        errors += _line_errors(number, line)
        before = existing.get(line.pk) if line.pk is not None else None
        if line.pk is not None and before is None:
            errors.append(_("Zeile %(n)s gehört nicht zu diesem Antrag.") % {"n": number})
        if stored.status not in ACTUAL_OPEN and line.actual != (before.actual if before else Decimal("0.00")):
            errors.append(
                _("Zeile %(n)s: Ausgaben werden erst nach der Bewilligung eingetragen (Stand: „%(status)s“).")
                % {"n": number, "status": status_label}
            )
    if funded_from and funded_until and funded_until < funded_from:
        errors.append(_("Der Förderzeitraum endet vor seinem Beginn."))
    if errors:
        raise ValidationError(errors)
    keep = {line.pk for line in lines if line.pk is not None}
    stored.plan_lines.exclude(pk__in=keep).delete()
    saved = []
    for position, line in enumerate(lines):
        row = existing[line.pk] if line.pk is not None else PlanLine(application=stored)
        row.category = line.category
        row.description = line.description.strip()
        row.planned = line.planned
        row.actual = line.actual
        row.position = position
        saved.append(row)
    PlanLine.objects.bulk_update(
        [row for row in saved if row.pk], ["category", "description", "planned", "actual", "position"]
    )
    PlanLine.objects.bulk_create([row for row in saved if not row.pk])
    period_changed = (stored.funded_from, stored.funded_until) != (funded_from, funded_until)
    stored.funded_from, stored.funded_until = funded_from, funded_until
    if period_changed:
        stored.save(update_fields=["funded_from", "funded_until"])
    figures = plan_figures(saved)
    FinanceChange.objects.create(
        application=stored,
        kind=FinanceChange.Kind.PLAN,
        by=by,
        summary=(
            _("%(lines)s Zeilen; Kosten %(costs)s (Ist %(actual)s), Finanzierung %(financing)s")
            % {
                "lines": len(saved),
                "costs": euros(figures.cost_planned),
                "actual": euros(figures.cost_actual),
                "financing": euros(figures.financing_planned),
            }
        )[:500],
    )
    return stored


@transaction.atomic
def save_proof_report(*, application: Application, report: str, by: Any) -> ProofOfUse:
    """Store the factual report of the proof of use, from the approval until it is handed in."""
    stored = Application.objects.select_for_update().get(pk=application.pk)
    if not by.has_perm("funding.change_application", stored):
        raise PermissionDenied
    if stored.status not in ACTUAL_OPEN:
        raise ValidationError(
            _("Im Stand „%(status)s“ kann der Sachbericht nicht geändert werden.")
            % {"status": Status(stored.status).label}
        )
    report = report.strip()
    proof, _created = ProofOfUse.objects.get_or_create(application=stored)
    if proof.report != report:
        proof.report = report
        proof.save()
        FinanceChange.objects.create(
            application=stored,
            kind=FinanceChange.Kind.REPORT,
            by=by,
            summary=_("Sachbericht gespeichert (%(chars)s Zeichen)") % {"chars": len(report)},
        )
    return proof
