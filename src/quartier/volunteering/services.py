"""Every change of state of helper calls, shifts and sign-ups, each in one transaction.

Signing up locks the rows of the shifts taken (``select_for_update``, in the order of their
ids so two people taking the same shifts never wait for each other in a circle), so on
PostgreSQL concurrent sign-ups queue behind each other and ``places_taken`` never passes
``people_needed``. Every service writes a history row and sends its mail once the
transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quartier.core import registry
from quartier.places.notifications import tell_district_staff
from quartier.volunteering.models import (
    ACTIVE_STATUSES,
    HOLDS_PLACES,
    CallHistory,
    ConductInspection,
    HelperCall,
    OtherHours,
    Shift,
    SignUp,
    SignUpStatus,
    VolunteerProfile,
)
from quartier.volunteering.tasks import send_helpers_message, send_invitations, send_sign_up_mail


class SignUpError(Exception):
    """A sign-up the rules do not allow; the message is for the person."""


@dataclass(frozen=True)
class ShiftPattern:
    """``shifts_per_day`` shifts of ``hours`` each, back to back from ``first_start`` on each of ``days`` days."""

    first_day: date
    days: int
    first_start: time
    shifts_per_day: int
    hours: float
    people_needed: int
    place: str
    min_age: int | None = None

    def times(self) -> list[tuple[datetime, datetime]]:
        result = []
        for day in range(self.days):
            start = timezone.make_aware(datetime.combine(self.first_day + timedelta(days=day), self.first_start))
            for _shift in range(self.shifts_per_day):
                end = start + timedelta(hours=self.hours)
                result.append((start, end))
                start = end
        return result


def _history(
    call: HelperCall, kind: str, actor: Any, *, shift: Shift | None = None, sign_up: SignUp | None = None
) -> None:
    CallHistory.objects.create(call=call, kind=kind, actor=actor, shift=shift, sign_up=sign_up)


def _mail(sign_up: SignUp, kind: str) -> None:
    transaction.on_commit(lambda: send_sign_up_mail.enqueue(sign_up.pk, kind))


def _check_may_manage(call: HelperCall, by: Any) -> None:
    if not by.has_perm("volunteering.manage_call", call):
        raise PermissionDenied


def _check_shift_times(start: datetime, end: datetime) -> None:
    if end <= start:
        raise ValidationError(_("Eine Schicht muss nach ihrem Beginn enden."))


def _save_with_shifts(
    call: HelperCall, pattern: ShiftPattern, requirements: Iterable[Any], fields_of_action: Iterable[Any], by: Any
) -> None:
    """Save ``call`` with the shifts its pattern describes (inside the caller's transaction)."""
    times = pattern.times()
    if not times:
        raise ValidationError(_("Das Muster ergibt keine Schicht."))
    for start, end in times:
        _check_shift_times(start, end)
    requirements = list(requirements)
    call.created_by = by
    call.save()
    call.fields_of_action.set(list(fields_of_action))
    shifts = Shift.objects.bulk_create(
        Shift(
            call=call,
            start=start,
            end=end,
            place=pattern.place,
            people_needed=pattern.people_needed,
            min_age=pattern.min_age,
        )
        for start, end in times
    )
    if requirements:
        Through = Shift.requirements.through
        Through.objects.bulk_create(
            Through(shift_id=shift.pk, requirement_id=requirement.pk)
            for shift in shifts
            for requirement in requirements
        )
    _history(call, CallHistory.Kind.CREATED, by)


def create_call(
    *,
    call: HelperCall,
    pattern: ShiftPattern,
    requirements: Iterable[Any] = (),
    fields_of_action: Iterable[Any] = (),
    by: Any,
    data: dict[str, Any] | None = None,
) -> HelperCall:
    """Save a new call with the shifts its pattern describes (several days, several shifts a
    day); ``data``, the staff form's cleaned data, goes to the occasion hooks (equipment to
    book for the shifts' period)."""
    if not by.has_perm("volunteering.add_call") or not by.has_perm("volunteering.manage_call", call):
        raise PermissionDenied
    with transaction.atomic():
        _save_with_shifts(call, pattern, requirements, fields_of_action, by)
        registry.occasion_saved(call, data=data or {}, by=by)
    return call


def propose_call(
    *,
    call: HelperCall,
    pattern: ShiftPattern,
    requirements: Iterable[Any] = (),
    fields_of_action: Iterable[Any] = (),
    proposer: Any,
) -> HelperCall:
    """Save a call someone who is not staff proposes (a partner of an organisation, through
    ``network``): unpublished, with its shifts, for the district's staff to check and publish.
    The caller decides who may propose; this refuses a blocked person and a call without a
    district (the whole town's calls are the coordinators')."""
    from quartier.participation.moderation import check_not_blocked

    check_not_blocked(proposer)
    district = call.district
    if district is None:
        raise ValidationError({"district": _("Bitte wählen Sie einen Ortsteil.")})
    with transaction.atomic():
        call.is_published = False
        _save_with_shifts(call, pattern, requirements, fields_of_action, proposer)
        tell_district_staff(
            district=district,
            kind="helper_call_proposal",
            heading=_("Neues Helfergesuch zur Freigabe"),
            title=call.title,
            target=reverse("volunteering:roster", kwargs={"pk": call.pk}),
        )
    return call


def copy_call(*, call: HelperCall, days_later: int = 364, by: Any) -> HelperCall:
    """A new, unpublished call like ``call`` with its shifts moved ``days_later`` days (364: the
    same weekday a year later), without its sign-ups: last year's spring market for this year."""
    _check_may_manage(call, by)
    if days_later < 1:
        raise ValidationError(_("Die Kopie muss später liegen als das Original."))
    old_shifts = list(call.shifts.prefetch_related("requirements"))
    fields = list(call.fields_of_action.all())
    with transaction.atomic():
        copy = HelperCall.objects.get(pk=call.pk)
        copy.pk = None
        copy.is_published = False
        copy.created_by = by
        copy.save()
        copy.fields_of_action.set(fields)
        offset = timedelta(days=days_later)
        for old in old_shifts:
            new = Shift.objects.create(
                call=copy,
                start=old.start + offset,
                end=old.end + offset,
                place=old.place,
                people_needed=old.people_needed,
                min_age=old.min_age,
            )
            new.requirements.set(list(old.requirements.all()))
        _history(copy, CallHistory.Kind.COPIED, by)
    return copy


def publish_call(*, call: HelperCall, published: bool, by: Any) -> None:
    """Publish a call (a proposed one, a copy) or take it back from the public pages."""
    _check_may_manage(call, by)
    with transaction.atomic():
        call.is_published = published
        call.save(update_fields=["is_published", "updated_at"])
        _history(call, CallHistory.Kind.PUBLISHED if published else CallHistory.Kind.UNPUBLISHED, by)


def change_shift(
    *, shift: Shift, start: datetime, end: datetime, place: str, people_needed: int, min_age: int | None, by: Any
) -> Shift:
    """Change a shift's times, place and number of people; never below those already signed up.
    The occasion hooks follow (booked equipment moves with the shifts' period, or the change
    is refused as a whole)."""
    _check_may_manage(shift.call, by)
    _check_shift_times(start, end)
    with transaction.atomic():
        locked = Shift.objects.select_for_update().get(pk=shift.pk)
        if people_needed < locked.places_taken:
            raise ValidationError(
                _("Es sind schon %(count)s Personen eingetragen; tragen Sie erst jemanden aus.")
                % {"count": locked.places_taken}
            )
        if people_needed < 1:
            raise ValidationError(_("Eine Schicht braucht mindestens eine Person."))
        locked.start, locked.end, locked.place = start, end, place
        locked.people_needed, locked.min_age = people_needed, min_age
        locked.save(update_fields=["start", "end", "place", "people_needed", "min_age"])
        _history(locked.call, CallHistory.Kind.SHIFT_CHANGED, by, shift=locked)
        registry.occasion_saved(locked.call, data=None, by=by)
    shift.refresh_from_db()
    return shift


@dataclass
class SignUpResult:
    sign_ups: list[SignUp]
    notes: list[str]


def _overlaps(a: Shift, b: Shift) -> bool:
    return a.start < b.end and b.start < a.end


def _touches(a: Shift, b: Shift) -> bool:
    return a.end == b.start or b.end == a.start


def sign_up(
    *,
    shifts: Sequence[Shift],
    name: str,
    email: str,
    user: Any = None,
    phone: str = "",
    email_confirmed: bool = True,
    registered_by: Any = None,
    age: int | None = None,
) -> SignUpResult:
    """Sign one person up for one or several shifts of a call, all or none.

    Refused, with a message saying why: a shift that is full, has started or is not published;
    shifts that overlap each other or a shift the person already holds. Back-to-back shifts
    are fine and get a note. A shift with a minimum age needs the person's declared age
    (``age``, in years) and refuses anyone younger. A shift whose requirement the team checks first gives a pending
    sign-up (it holds the place) and the note says what to bring. Visitors whose address is
    not confirmed yet hold no place until they confirm through the link in their mail. An
    address that already holds one of the shifts is told by mail only, so typing someone
    else's address reveals nothing.
    """
    email = email.strip().lower()
    name = name.strip()
    if not shifts:
        raise SignUpError(_("Bitte wählen Sie mindestens eine Schicht."))
    if not name or not email:
        raise SignUpError(_("Bitte geben Sie Ihren Namen und Ihre E-Mail-Adresse an."))
    if registered_by is not None:
        _check_may_manage(shifts[0].call, registered_by)
    if age is None and user is not None:
        profile = VolunteerProfile.objects.filter(user=user).first()
        if profile is not None:
            age = profile.age_at(min(timezone.localdate(s.start) for s in shifts))
    now = timezone.now()
    notes: list[str] = []
    with transaction.atomic():
        locked = list(
            Shift.objects.select_for_update()
            .select_related("call")
            .filter(pk__in=sorted({s.pk for s in shifts}))
            .order_by("pk")
        )
        if len({shift.call_id for shift in locked}) > 1:
            raise SignUpError(_("Bitte melden Sie sich für die Schichten eines Gesuchs nach dem anderen an."))
        locked.sort(key=lambda s: s.start)
        held = list(
            Shift.objects.filter(sign_ups__status__in=ACTIVE_STATUSES)
            .filter(sign_ups__email=email)
            .filter(end__gt=min(s.start for s in locked) - timedelta(days=1))
            .distinct()
        )
        mine = {shift.pk for shift in held}
        if any(shift.pk in mine for shift in locked):
            existing = SignUp.objects.filter(shift__in=locked, email=email, status__in=ACTIVE_STATUSES).first()
            if existing is not None and (user is None or existing.user_id != user.pk):
                _mail(existing, "existing")
                return SignUpResult([existing], [])
            raise SignUpError(_("Sie sind für diese Schicht schon eingetragen."))
        for index, shift in enumerate(locked):
            label = _shift_label(shift)
            if not shift.call.is_published:
                raise SignUpError(_("Dieses Helfergesuch ist nicht veröffentlicht."))
            if now >= shift.start:
                raise SignUpError(_("Die Schicht %(shift)s hat schon begonnen.") % {"shift": label})
            if shift.places_taken >= shift.people_needed:
                raise SignUpError(_("Die Schicht %(shift)s ist schon voll besetzt.") % {"shift": label})
            if shift.min_age and age is None:
                raise SignUpError(
                    _("Die Schicht %(shift)s ist ab %(age)s Jahren: Bitte geben Sie Ihr Alter an.")
                    % {"shift": label, "age": shift.min_age}
                )
            if shift.min_age and age is not None and age < shift.min_age:
                raise SignUpError(
                    _("Für die Schicht %(shift)s müssen Sie mindestens %(age)s Jahre alt sein.")
                    % {"shift": label, "age": shift.min_age}
                )
            # Shifts the address already holds count only when the address is the person's
            # own: an unconfirmed visitor's overlap would tell them someone else's shifts (it
            # is checked when they confirm).
            for other in locked[index + 1 :] + (held if email_confirmed else []):
                if _overlaps(shift, other):
                    raise SignUpError(
                        _("Die Schicht %(shift)s überschneidet sich mit Ihrer Schicht %(other)s.")
                        % {"shift": label, "other": _shift_label(other)}
                    )
                if _touches(shift, other):
                    notes.append(
                        _("Die Schichten %(shift)s und %(other)s liegen direkt hintereinander.")
                        % {"shift": label, "other": _shift_label(other)}
                    )
        checks = _requirements_checked_first(locked, email)
        created = []
        for shift in locked:
            pending = checks.get(shift.pk)
            if not email_confirmed:
                status = SignUpStatus.UNCONFIRMED
            elif pending:
                status = SignUpStatus.PENDING
            else:
                status = SignUpStatus.CONFIRMED
            entry = SignUp.objects.create(
                shift=shift, user=user, name=name, email=email, phone=phone, status=status, registered_by=registered_by
            )
            if status in HOLDS_PLACES:
                shift.places_taken += 1
                shift.save(update_fields=["places_taken"])
            if pending:
                notes.append(
                    _("Schicht %(shift)s: Ihre Anmeldung ist vorläufig, bis das Team gesehen hat: %(what)s")
                    % {"shift": _shift_label(shift), "what": "; ".join(pending)}
                )
            _history(shift.call, CallHistory.Kind.SIGNED_UP, registered_by or user, shift=shift, sign_up=entry)
            created.append(entry)
        _mail(created[0], "confirm_email" if not email_confirmed else "signed_up")
    return SignUpResult(created, notes)


def _requirements_checked_first(shifts: list[Shift], email: str) -> dict[int, list[str]]:
    """For each shift, what the team sees before the sign-up counts (empty when nothing). The
    certificate of conduct counts as seen when a valid inspection of the address is on record;
    one with a relevant entry refuses the shift."""
    through = Shift.requirements.through
    rows = list(
        through.objects.filter(shift_id__in=[s.pk for s in shifts])
        .filter(Q(requirement__needs_check=True) | Q(requirement__is_conduct_certificate=True))
        .values_list(
            "shift_id", "requirement__name", "requirement__what_to_bring", "requirement__is_conduct_certificate"
        )
    )
    inspection = None
    if any(row[3] for row in rows):
        inspection = ConductInspection.objects.filter(email=email).first()
        if inspection is not None and inspection.relevant_entry:
            raise SignUpError(
                _("Diese Schicht können Sie leider nicht übernehmen. Bitte wenden Sie sich an %(contact)s.")
                % {"contact": _contact(shifts[0].call)}
            )
    result: dict[int, list[str]] = {}
    for shift_id, name, what, conduct in rows:
        if conduct and inspection is not None and inspection.is_valid():
            continue
        result.setdefault(shift_id, []).append(what or name)
    return result


def _shift_label(shift: Shift) -> str:
    start = timezone.localtime(shift.start)
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{timezone.localtime(shift.end):%H:%M}"


def confirm_email(*, sign_up: SignUp) -> tuple[list[SignUp], int]:
    """The visitor followed the link in their mail: their unconfirmed sign-ups of that call take
    their places now, while there are places; a shift that filled up or began meanwhile, or
    overlaps one the address already holds, is dropped. Returns the sign-ups now holding a place and how many were dropped."""
    with transaction.atomic():
        entries = list(
            SignUp.objects.filter(
                shift__call_id=sign_up.shift.call_id, email=sign_up.email, status=SignUpStatus.UNCONFIRMED
            ).order_by("shift_id")
        )
        if not entries:
            return [], 0
        shifts = {
            s.pk: s
            for s in Shift.objects.select_for_update().filter(pk__in=[e.shift_id for e in entries]).order_by("pk")
        }
        checks = _requirements_checked_first(list(shifts.values()), sign_up.email)
        now = timezone.now()
        held = list(
            Shift.objects.filter(sign_ups__email=sign_up.email, sign_ups__status__in=HOLDS_PLACES)
            .exclude(pk__in=list(shifts))
            .distinct()
        )
        confirmed = []
        for entry in entries:
            shift = shifts[entry.shift_id]
            clashes = any(_overlaps(shift, other) for other in held)
            if shift.places_taken >= shift.people_needed or now >= shift.start or clashes:
                entry.status = SignUpStatus.CANCELLED
            else:
                entry.status = SignUpStatus.PENDING if checks.get(shift.pk) else SignUpStatus.CONFIRMED
                shift.places_taken += 1
                shift.save(update_fields=["places_taken"])
                confirmed.append(entry)
            entry.save(update_fields=["status", "updated_at"])
            _history(shift.call, CallHistory.Kind.CONFIRMED, entry.user, shift=shift, sign_up=entry)
        _mail(entries[0], "signed_up")
    return confirmed, len(entries) - len(confirmed)


def _release(entry: SignUp, status: str) -> Shift:
    shift = Shift.objects.select_for_update().select_related("call").get(pk=entry.shift_id)
    entry.refresh_from_db(fields=["status"])
    if entry.status not in ACTIVE_STATUSES:
        raise SignUpError(_("Diese Anmeldung gilt nicht mehr."))
    if entry.status in HOLDS_PLACES:
        shift.places_taken -= 1
        shift.save(update_fields=["places_taken"])
    entry.status = status
    entry.save(update_fields=["status", "updated_at"])
    return shift


def cancel_sign_up(*, sign_up: SignUp, by: Any = None, notify: bool = True, leaving: bool = False) -> None:
    """The volunteer cancels (through the private link or their profile) until the call's
    deadline; ``leaving`` (the account is being deleted) frees the place whatever the deadline."""
    if not leaving and not sign_up.can_cancel():
        raise SignUpError(
            _("Absagen ist nur bis %(hours)s Stunden vor Beginn möglich. Bitte rufen Sie %(contact)s an.")
            % {"hours": sign_up.shift.call.cancel_hours, "contact": _contact(sign_up.shift.call)}
        )
    with transaction.atomic():
        shift = _release(sign_up, SignUpStatus.CANCELLED)
        _history(shift.call, CallHistory.Kind.CANCELLED, by or sign_up.user, shift=shift, sign_up=sign_up)
        if notify:
            _mail(sign_up, "cancelled")


def remove_sign_up(*, sign_up: SignUp, by: Any) -> None:
    """Staff take someone off a shift (also after the volunteers' deadline)."""
    _check_may_manage(sign_up.shift.call, by)
    with transaction.atomic():
        shift = _release(sign_up, SignUpStatus.REMOVED)
        _history(shift.call, CallHistory.Kind.REMOVED, by, shift=shift, sign_up=sign_up)
        _mail(sign_up, "removed")


def approve_sign_up(*, sign_up: SignUp, by: Any) -> None:
    """Staff have seen what a pending sign-up needed (e.g. the certificate of conduct)."""
    _check_may_manage(sign_up.shift.call, by)
    with transaction.atomic():
        entry = SignUp.objects.select_for_update().get(pk=sign_up.pk)
        if entry.status != SignUpStatus.PENDING:
            raise SignUpError(_("Diese Anmeldung ist nicht vorläufig."))
        entry.status = SignUpStatus.CONFIRMED
        entry.save(update_fields=["status", "updated_at"])
        _history(sign_up.shift.call, CallHistory.Kind.CONFIRMED, by, shift=sign_up.shift, sign_up=entry)
        _mail(entry, "approved")
    sign_up.status = entry.status


def _contact(call: HelperCall) -> str:
    return f"{call.contact_name} ({call.contact_phone})" if call.contact_phone else call.contact_name


def send_reminders(*, now: datetime | None = None) -> int:
    """The day before a shift, each person holding it gets one e-mail with the place, the
    contact and the cancel link (``reminded_at`` keeps it at one, also when the job runs twice)."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = start + timedelta(days=1)
    with transaction.atomic():
        due = list(
            SignUp.objects.select_for_update()
            .filter(status__in=HOLDS_PLACES, reminded_at=None, shift__start__gte=start, shift__start__lt=end)
            .exclude(email="")
            .values_list("pk", flat=True)
        )
        SignUp.objects.filter(pk__in=due).update(reminded_at=now)
        for pk in due:
            transaction.on_commit(lambda pk=pk: send_sign_up_mail.enqueue(pk, "reminder"))  # type: ignore[misc]
    return len(due)


def message_helpers(*, call: HelperCall, subject: str, body: str, by: Any) -> int:
    """Staff write to everyone who holds a shift of the call; the worker sends one e-mail per
    address with the call's link. Returns how many addresses it goes to."""
    _check_may_manage(call, by)
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("Bitte geben Sie einen Betreff und einen Text ein."))
    with transaction.atomic():
        addresses = sorted(
            set(
                SignUp.objects.filter(shift__call=call, status__in=HOLDS_PLACES, shift__end__gte=timezone.now())
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        _history(call, CallHistory.Kind.MESSAGED, by)
        if addresses:
            transaction.on_commit(lambda: send_helpers_message.enqueue(call.pk, subject, body, addresses))
    return len(addresses)


def record_inspection(*, sign_up: SignUp, certificate_date: date, relevant_entry: bool, by: Any) -> ConductInspection:
    """Staff record that they inspected the person's extended certificate of conduct: only the
    date and whether it shows a relevant entry (§ 72a (5) SGB VIII). Without one, the person's
    provisional sign-ups that waited only for it are confirmed; with one, this sign-up is taken
    off its shift."""
    _check_may_manage(sign_up.shift.call, by)
    today = timezone.localdate()
    if certificate_date > today:
        raise ValidationError(_("Das Ausstellungsdatum darf nicht in der Zukunft liegen."))
    probe = ConductInspection(certificate_date=certificate_date)
    if probe.runs_out() <= today:
        raise ValidationError(
            _("Das Führungszeugnis ist älter als %(years)s Jahre; bitte lassen Sie sich ein neues zeigen.")
            % {"years": settings.VOLUNTEERING_CONDUCT_VALID_YEARS}
        )
    if not sign_up.email:
        raise SignUpError(_("Diese Anmeldung gilt nicht mehr."))
    with transaction.atomic():
        inspection, _created = ConductInspection.objects.update_or_create(
            email=sign_up.email,
            defaults={
                "name": sign_up.name,
                "user": sign_up.user,
                "certificate_date": certificate_date,
                "relevant_entry": relevant_entry,
                "district": sign_up.shift.call.district,
                "recorded_by": by,
            },
        )
        if relevant_entry:
            if sign_up.is_active:
                remove_sign_up(sign_up=sign_up, by=by)
            return inspection
        pending = list(
            SignUp.objects.filter(email=sign_up.email, status=SignUpStatus.PENDING).select_related("shift__call")
        )
        for entry in pending:
            if not _requirements_checked_first([entry.shift], entry.email):
                entry.status = SignUpStatus.CONFIRMED
                entry.save(update_fields=["status", "updated_at"])
                _history(entry.shift.call, CallHistory.Kind.CONFIRMED, by, shift=entry.shift, sign_up=entry)
                _mail(entry, "approved")
    return inspection


def erase_expired_inspections(*, now: datetime | None = None) -> int:
    """Delete the inspections § 72a (5) SGB VIII no longer allows to keep: of people who hold
    no shift needing the certificate (they did not take up the activity or cancelled), and of
    people whose last such shift ended more than ``VOLUNTEERING_CONDUCT_KEEP_MONTHS`` ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=30 * settings.VOLUNTEERING_CONDUCT_KEEP_MONTHS)
    last_end = dict(
        SignUp.objects.filter(status__in=HOLDS_PLACES, shift__requirements__is_conduct_certificate=True)
        .exclude(email="")
        .values("email")
        .annotate(last=Max("shift__end"))
        .values_list("email", "last")
    )
    expired = [
        pk
        for pk, email in ConductInspection.objects.values_list("pk", "email")
        if email not in last_end or last_end[email] < cutoff
    ]
    ConductInspection.objects.filter(pk__in=expired).delete()
    return len(expired)


MAX_HOURS_A_DAY = 24


def _check_hours(hours: Decimal) -> None:
    if hours < 0 or hours > MAX_HOURS_A_DAY:
        raise ValidationError(_("Bitte geben Sie zwischen 0 und 24 Stunden an."))


def record_attendance(*, shift: Shift, rows: Iterable[tuple[SignUp, bool, Decimal | None]], by: Any) -> None:
    """After a shift staff record in one list who came and the hours each gave (a no-show: 0).
    Hours default to the shift's length; more than 24 are refused and nothing is saved."""
    _check_may_manage(shift.call, by)
    if timezone.now() < shift.start:
        raise ValidationError(_("Die Schicht hat noch nicht begonnen."))
    rows = list(rows)
    for _entry, came, hours in rows:
        if came and hours is not None:
            _check_hours(hours)
    with transaction.atomic():
        for entry, came, hours in rows:
            if entry.shift_id != shift.pk or entry.status not in HOLDS_PLACES:
                raise ValidationError(_("Diese Anmeldung gehört nicht zu dieser Schicht."))
            entry.attended = came
            entry.hours = (hours if hours is not None else Decimal(str(shift.hours))) if came else Decimal(0)
            entry.save(update_fields=["attended", "hours", "updated_at"])
        _history(shift.call, CallHistory.Kind.ATTENDANCE, by, shift=shift)


def log_other_hours(
    *, user: Any, district: Any, activity: str, organisation: str, day: date, hours: Decimal
) -> OtherHours:
    """A volunteer logs hours given elsewhere in the town's work, for the district's staff to confirm."""
    _check_hours(hours)
    if hours == 0:
        raise ValidationError(_("Bitte geben Sie zwischen 0 und 24 Stunden an."))
    if day > timezone.localdate():
        raise ValidationError(_("Stunden können Sie erst nach dem Einsatz eintragen."))
    return OtherHours.objects.create(
        user=user, district=district, activity=activity.strip(), organisation=organisation.strip(), day=day, hours=hours
    )


def decide_other_hours(*, entry: OtherHours, confirm: bool, by: Any) -> None:
    if not by.has_perm("volunteering.manage_call", entry):
        raise PermissionDenied
    with transaction.atomic():
        entry.status = OtherHours.Status.CONFIRMED if confirm else OtherHours.Status.DECLINED
        entry.decided_by = by
        entry.save(update_fields=["status", "decided_by"])


def confirmed_hours_per_year(user: Any) -> list[tuple[int, Decimal]]:
    """The person's confirmed hours, per year (newest first): shifts staff confirmed and hours given elsewhere."""
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    totals: dict[int, Decimal] = {}
    shifts = (
        SignUp.objects.filter(user=user, attended=True)
        .annotate(year=ExtractYear("shift__start"))
        .values("year")
        .annotate(total=Sum("hours"))
    )
    other = (
        OtherHours.objects.filter(user=user, status=OtherHours.Status.CONFIRMED)
        .annotate(year=ExtractYear("day"))
        .values("year")
        .annotate(total=Sum("hours"))
    )
    for row in [*shifts, *other]:
        totals[row["year"]] = totals.get(row["year"], Decimal(0)) + (row["total"] or Decimal(0))
    return sorted(totals.items(), reverse=True)


# Ehrenamtskarte NRW


@dataclass(frozen=True)
class CardProgress:
    """Progress toward the Ehrenamtskarte: the years that count, whether the person qualifies."""

    hours_per_year: list[tuple[int, Decimal]]  # newest first
    counting_years: list[int]
    years_needed: int
    young: bool
    qualifies: bool

    @property
    def this_year(self) -> Decimal:
        year = timezone.localdate().year
        return next((total for y, total in self.hours_per_year if y == year), Decimal(0))


def _year_counts(total: Decimal) -> bool:
    return total >= settings.VOLUNTEERING_CARD_HOURS_PER_YEAR or total / 52 >= settings.VOLUNTEERING_CARD_HOURS_PER_WEEK


def card_progress_from(totals: dict[int, Decimal], *, birth_year: int | None, today: date) -> CardProgress:
    """The rule: ``VOLUNTEERING_CARD_YEARS`` years in a row that count (fewer for young people,
    surely under ``VOLUNTEERING_CARD_YOUNG_UNDER`` by their birth year), the last of them this
    year or the one before."""
    young = birth_year is not None and today.year - birth_year < settings.VOLUNTEERING_CARD_YOUNG_UNDER
    needed = settings.VOLUNTEERING_CARD_YOUNG_YEARS if young else settings.VOLUNTEERING_CARD_YEARS
    counting = sorted((year for year, total in totals.items() if _year_counts(total)), reverse=True)
    qualifies = False
    for last in (today.year, today.year - 1):
        if all(year in counting for year in range(last - needed + 1, last + 1)):
            qualifies = True
    return CardProgress(sorted(totals.items(), reverse=True), counting, needed, young, qualifies)


def card_progress(user: Any) -> CardProgress:
    profile = VolunteerProfile.objects.filter(user=user).first()
    totals = dict(confirmed_hours_per_year(user))
    return card_progress_from(totals, birth_year=profile.birth_year if profile else None, today=timezone.localdate())


def card_qualifiers(*, by: Any) -> list[tuple[Any, CardProgress]]:
    """Who qualifies for the Ehrenamtskarte among the people whose hours staff of ``by``'s
    districts confirmed (coordinators: everyone); their hours count from the whole town."""
    from django.contrib.auth import get_user_model
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    from quartier.core.permissions import sees_every_district, staff_district_ids

    shifts = SignUp.objects.filter(attended=True, user__isnull=False)
    other = OtherHours.objects.filter(status=OtherHours.Status.CONFIRMED, user__isnull=False)
    if sees_every_district(by):
        candidates = set(shifts.values_list("user_id", flat=True)) | set(other.values_list("user_id", flat=True))
    else:
        districts = staff_district_ids(by)
        candidates = set(shifts.filter(shift__call__district__in=districts).values_list("user_id", flat=True)) | set(
            other.filter(district__in=districts).values_list("user_id", flat=True)
        )
    totals: dict[int, dict[int, Decimal]] = {}
    rows = [
        *shifts.filter(user__in=candidates)
        .annotate(year=ExtractYear("shift__start"))
        .values("user", "year")
        .annotate(total=Sum("hours")),
        *other.filter(user__in=candidates)
        .annotate(year=ExtractYear("day"))
        .values("user", "year")
        .annotate(total=Sum("hours")),
    ]
    for row in rows:
        per_year = totals.setdefault(row["user"], {})
        per_year[row["year"]] = per_year.get(row["year"], Decimal(0)) + (row["total"] or Decimal(0))
    births = dict(VolunteerProfile.objects.filter(user__in=candidates).values_list("user_id", "birth_year"))
    today = timezone.localdate()
    result = []
    for person in get_user_model().objects.filter(pk__in=candidates, is_active=True).order_by("name", "pk"):
        progress = card_progress_from(totals.get(person.pk, {}), birth_year=births.get(person.pk), today=today)
        if progress.qualifies:
            result.append((person, progress))
    return result


# Volunteer profiles, matching and invitations

AVAILABILITY = ("weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends")


def save_profile(
    *,
    user: Any,
    skills: str,
    fields_of_action: Iterable[Any],
    districts: Iterable[Any],
    availability: Iterable[str],
    may_ask: bool,
    birth_year: int | None,
) -> VolunteerProfile:
    """Create or change the signed-in person's own volunteer profile (opt-in)."""
    chosen = set(availability)
    if chosen - set(AVAILABILITY):
        raise ValidationError(_("Unbekannte Zeitangabe."))
    if birth_year is not None and not 1900 <= birth_year <= timezone.localdate().year:
        raise ValidationError(_("Bitte geben Sie ein gültiges Geburtsjahr an."))
    with transaction.atomic():
        profile, _created = VolunteerProfile.objects.select_for_update().get_or_create(user=user)
        profile.skills = skills.strip()
        for name in AVAILABILITY:
            setattr(profile, name, name in chosen)
        profile.may_ask = may_ask
        profile.birth_year = birth_year
        profile.save()
        profile.fields_of_action.set(fields_of_action)
        profile.districts.set(districts)
    return profile


def delete_profile(*, user: Any) -> None:
    VolunteerProfile.objects.filter(user=user).delete()


def _slots(shift: Shift) -> set[str]:
    """Which of the profile's times a shift falls into (by its local start and end)."""
    start, end = timezone.localtime(shift.start), timezone.localtime(shift.end)
    if start.weekday() >= 5 or end.weekday() >= 5:
        return {"weekends"}
    slots = set()
    if start.hour < 12:
        slots.add("weekday_mornings")
    if start.hour < 17 and (end.hour > 12 or end.date() > start.date()):
        slots.add("weekday_afternoons")
    if end.hour >= 17 or end.date() > start.date():
        slots.add("weekday_evenings")
    return slots


def matching_volunteers(*, call: HelperCall, by: Any, skill: str = "") -> list[VolunteerProfile]:
    """Who fits this call: only profiles whose owners allow the office to ask them, active
    accounts, in the call's district (any for a town-wide call), free at the time of one of its
    coming shifts, and with ``skill`` among what they can do when staff ask for one."""
    _check_may_manage(call, by)
    profiles = VolunteerProfile.objects.filter(may_ask=True, user__is_active=True)
    if call.district_id is not None:
        profiles = profiles.filter(districts=call.district_id)
    slots: set[str] = set()
    for shift in call.shifts.filter(start__gt=timezone.now()):
        slots |= _slots(shift)
    if not slots:
        return []
    when = Q()
    for slot in slots:
        when |= Q(**{slot: True})
    profiles = profiles.filter(when)
    if skill.strip():
        profiles = profiles.filter(skills__icontains=skill.strip())
    return list(profiles.select_related("user").order_by("user__name", "pk").distinct()[:200])


def invite_volunteers(*, call: HelperCall, profile_ids: Iterable[int], by: Any, skill: str = "") -> int:
    """Invite chosen matching volunteers to the call by e-mail (through the worker, with the
    call's link). Only those the matching lists may be invited; returns how many."""
    wanted = set(profile_ids)
    with transaction.atomic():
        chosen = [p for p in matching_volunteers(call=call, by=by, skill=skill) if p.pk in wanted]
        if not chosen:
            raise ValidationError(_("Bitte wählen Sie mindestens eine passende Person."))
        _history(call, CallHistory.Kind.INVITED, by)
        user_ids = [p.user_id for p in chosen]
        transaction.on_commit(lambda: send_invitations.enqueue(call.pk, user_ids))
    return len(chosen)
