"""Every change of state of events and their registrations, each in one transaction.

Events are created, changed and proposed here with their rules (districts and projects the
acting person works in, capacity not below the places taken), and their dates follow.

Registration, cancellation, approval and move-up lock the date's row
(`select_for_update`), so on PostgreSQL concurrent requests queue behind each other and
`places_taken` never passes the capacity. Invariant after every service: no one on the
waiting list fits into the free places (they would have moved up).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.core import registry
from quartier.core.search import index_object
from quartier.events import recurrence
from quartier.events.models import (
    ACTIVE_STATUSES,
    HOLDS_PLACES,
    Event,
    EventDate,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from quartier.events.tasks import send_registration_mail
from quartier.places.models import District, FieldOfAction
from quartier.places.notifications import tell_district_staff
from quartier.projects.models import Project


class RegistrationError(Exception):
    """A registration the rules do not allow; the message is for the person."""


@dataclass
class Participant:
    first_name: str = ""
    age: int | None = None


def _mail(registration: Registration, kind: str) -> None:
    if registration.email:
        transaction.on_commit(lambda: send_registration_mail.enqueue(registration.pk, kind))


def _locked_date(event_date_id: int) -> EventDate:
    return EventDate.objects.select_for_update().select_related("event").get(pk=event_date_id)


def _next_waiting_position(event_date: EventDate) -> int:
    last = (
        Registration.objects.filter(event_date=event_date, status=RegistrationStatus.WAITING)
        .order_by("-waiting_position")
        .values_list("waiting_position", flat=True)
        .first()
    )
    return (last or 0) + 1


def _allocate(registration: Registration, event_date: EventDate) -> str:
    """Give the registration its places, or a place on the waiting list. Returns the mail kind."""
    event = event_date.event
    if event.capacity is None or event_date.places_taken + registration.party_size <= event.capacity:
        registration.status = RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
        registration.waiting_position = None
        event_date.places_taken += registration.party_size
        event_date.save(update_fields=["places_taken"])
        return "pending" if event.requires_approval else "confirmed"
    registration.status = RegistrationStatus.WAITING
    registration.waiting_position = _next_waiting_position(event_date)
    return "waiting"


def _move_up(event_date: EventDate) -> list[Registration]:
    """Fill free places from the waiting list, in order, with every registration that fits."""
    capacity = event_date.event.capacity
    waiting = list(
        Registration.objects.filter(event_date=event_date, status=RegistrationStatus.WAITING).order_by(
            "waiting_position", "pk"
        )
    )
    free = None if capacity is None else capacity - event_date.places_taken
    moved = []
    remaining = []
    for registration in waiting:
        if free is None or registration.party_size <= free:
            moved.append(registration)
            if free is not None:
                free -= registration.party_size
            event_date.places_taken += registration.party_size
        else:
            remaining.append(registration)
    if not moved:
        return []
    status = RegistrationStatus.PENDING if event_date.event.requires_approval else RegistrationStatus.CONFIRMED
    for registration in moved:
        registration.status = status
        registration.waiting_position = None
    for position, registration in enumerate(remaining, start=1):
        registration.waiting_position = position
    Registration.objects.bulk_update(moved + remaining, ["status", "waiting_position"])
    event_date.save(update_fields=["places_taken"])
    for registration in moved:
        _mail(registration, "moved_up")
    return moved


def _renumber_waiting(event_date: EventDate) -> None:
    waiting = list(
        Registration.objects.filter(event_date=event_date, status=RegistrationStatus.WAITING).order_by(
            "waiting_position", "pk"
        )
    )
    changed = []
    for position, registration in enumerate(waiting, start=1):
        if registration.waiting_position != position:
            registration.waiting_position = position
            changed.append(registration)
    Registration.objects.bulk_update(changed, ["waiting_position"])


def register_for_event(
    *,
    event_date: EventDate,
    name: str,
    email: str,
    party_size: int = 1,
    participants: list[Participant] | None = None,
    user: Any = None,
    phone: str = "",
    email_confirmed: bool = True,
    registered_by: Any = None,
) -> Registration:
    """Register `party_size` people for one date.

    An e-mail address that already holds an active registration for the date gets that
    registration back unchanged, and its private link goes by mail to that address only:
    whoever types someone else's address learns nothing (the caller shows the same "check
    your e-mail" page as for a new one). Only the account that made a registration gets it
    back without a mail. Visitors whose address is not yet confirmed hold no place until
    they confirm. Staff registering on someone's behalf may do so after the registration
    deadline, but not after the start.
    """
    email = email.strip().lower()
    with transaction.atomic():
        locked = _locked_date(event_date.pk)
        if email:
            existing = Registration.objects.filter(event_date=locked, email=email, status__in=ACTIVE_STATUSES).first()
            if existing is not None:
                if user is None or existing.user_id != user.pk:
                    unconfirmed = existing.status == RegistrationStatus.UNCONFIRMED
                    _mail(existing, "confirm_email" if unconfirmed else "existing")
                return existing
        _check_can_register(locked, party_size, staff=registered_by is not None)
        registration = Registration(
            event_date=locked,
            user=user,
            name=name.strip(),
            email=email,
            phone=phone,
            party_size=party_size,
            participants=[{"first_name": person.first_name, "age": person.age} for person in (participants or [])],
            registered_by=registered_by,
        )
        if email_confirmed:
            kind = _allocate(registration, locked)
        else:
            registration.status = RegistrationStatus.UNCONFIRMED
            kind = "confirm_email"
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            # Only reachable without the lock (it serialises everyone else): the first wins.
            return Registration.objects.get(event_date=locked, email=email, status__in=ACTIVE_STATUSES)
        _mail(registration, kind)
        event_date.places_taken = locked.places_taken
        return registration


def _check_can_register(event_date: EventDate, party_size: int, *, staff: bool) -> None:
    event = event_date.event
    now = timezone.now()
    if not event.registration_required:
        raise RegistrationError(_("Für diese Veranstaltung ist keine Anmeldung nötig."))
    if event_date.effective_status != EventStatus.SCHEDULED:
        raise RegistrationError(_("Dieser Termin findet nicht statt."))
    if now >= event_date.start:
        raise RegistrationError(_("Dieser Termin hat schon begonnen."))
    if not staff and event.registration_deadline and now >= event.registration_deadline:
        raise RegistrationError(_("Der Anmeldeschluss ist vorbei."))
    if party_size < 1 or party_size > event.max_party_size:
        raise RegistrationError(
            ngettext(
                "Sie können höchstens %(count)d Person anmelden.",
                "Sie können höchstens %(count)d Personen anmelden.",
                event.max_party_size,
            )
            % {"count": event.max_party_size}
        )
    if event.capacity is not None:
        if party_size > event.capacity:
            raise RegistrationError(_("Die Veranstaltung hat nur %(count)d Plätze.") % {"count": event.capacity})
        left = event.capacity - event_date.places_taken
        if 0 < left < party_size:
            raise RegistrationError(
                ngettext(
                    "Es ist nur noch %(count)d Platz frei. Bitte melden Sie weniger Personen an.",
                    "Es sind nur noch %(count)d Plätze frei. Bitte melden Sie weniger Personen an.",
                    left,
                )
                % {"count": left}
            )


def confirm_registration_email(*, registration: Registration) -> Registration:
    """A visitor confirmed their address: now the registration takes places or waits."""
    with transaction.atomic():
        locked = _locked_date(registration.event_date_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.UNCONFIRMED:
            return registration
        if not locked.registration_open():
            raise RegistrationError(_("Die Anmeldung für diesen Termin ist geschlossen."))
        kind = _allocate(registration, locked)
        registration.save(update_fields=["status", "waiting_position", "updated_at"])
        _mail(registration, kind)
        return registration


def cancel_registration(*, registration: Registration, notify: bool = True) -> list[Registration]:
    """Cancel; the freed places go to the waiting list. Returns who moved up."""
    with transaction.atomic():
        locked = _locked_date(registration.event_date_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return []
        held = registration.status in HOLDS_PLACES
        was_waiting = registration.status == RegistrationStatus.WAITING
        registration.status = RegistrationStatus.CANCELLED
        registration.waiting_position = None
        registration.save(update_fields=["status", "waiting_position", "updated_at"])
        if notify:
            _mail(registration, "cancelled")
        if held:
            locked.places_taken -= registration.party_size
            locked.save(update_fields=["places_taken"])
            return _move_up(locked)
        if was_waiting:
            _renumber_waiting(locked)
        return []


def approve_registration(*, registration: Registration) -> Registration:
    with transaction.atomic():
        _locked_date(registration.event_date_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.PENDING:
            registration.status = RegistrationStatus.CONFIRMED
            registration.save(update_fields=["status", "updated_at"])
            _mail(registration, "confirmed")
        return registration


def decline_registration(*, registration: Registration) -> Registration:
    with transaction.atomic():
        locked = _locked_date(registration.event_date_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITING):
            return registration
        held = registration.status in HOLDS_PLACES
        registration.status = RegistrationStatus.DECLINED
        registration.waiting_position = None
        registration.save(update_fields=["status", "waiting_position", "updated_at"])
        _mail(registration, "declined")
        if held:
            locked.places_taken -= registration.party_size
            locked.save(update_fields=["places_taken"])
            _move_up(locked)
        else:
            _renumber_waiting(locked)
        return registration


def record_attendance(*, event_date: EventDate, attended: int) -> None:
    EventDate.objects.filter(pk=event_date.pk).update(attended=attended)
    event_date.attended = attended


def change_date(*, event_date: EventDate, start: Any, end: Any, status: str, reason: str, by: Any = None) -> None:
    """Move or cancel one date of a series (or the one date of an event); others stay.
    The occasion hooks follow (a room booked for the date moves or is freed); when one
    refuses (the room is taken at the new time) nothing changes."""
    with transaction.atomic():
        locked = _locked_date(event_date.pk)
        newly_cancelled = status == EventStatus.CANCELLED and locked.status != EventStatus.CANCELLED
        locked.start, locked.end, locked.status, locked.status_reason = start, end, status, reason
        locked.save(update_fields=["start", "end", "status", "status_reason"])
        registry.occasion_saved(locked.event, data=None, by=by)
        if newly_cancelled:
            for registration in locked.registrations.filter(status__in=ACTIVE_STATUSES):
                _mail(registration, "date_cancelled")


def sync_event_dates(*, event: Event, horizon: Any = None) -> None:
    """Materialise the event's dates from its start and rule, up to the horizon.

    Dates already there keep their registrations; a date staff moved keeps its new time.
    Dates the rule no longer yields are deleted when nobody registered, else cancelled.
    After a capacity change the waiting lists move up.
    """
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        starts = recurrence.expand(event.rrule, event.start, horizon=horizon)
        duration = event.end - event.start
        rows = list(event.dates.order_by("original_start"))
        if not event.rrule and rows:
            # A one-off event keeps its one date row (and its registrations) when it moves.
            first = rows[0]
            first.start = first.original_start = event.start
            first.end = event.end
            first.save(update_fields=["start", "original_start", "end"])
        existing = {row.original_start: row for row in rows}
        wanted = set(starts)
        new_rows = []
        for start in starts:
            row = existing.get(start)
            if row is None:
                new_rows.append(EventDate(event=event, start=start, end=start + duration, original_start=start))
            elif not row.is_moved and row.end != start + duration:
                row.end = start + duration
                row.save(update_fields=["end"])
        EventDate.objects.bulk_create(new_rows)
        gone = [row for start, row in existing.items() if start not in wanted]
        with_people = set(
            Registration.objects.filter(event_date__in=gone).values_list("event_date_id", flat=True).distinct()
        )
        EventDate.objects.filter(pk__in=[row.pk for row in gone if row.pk not in with_people]).delete()
        EventDate.objects.filter(pk__in=with_people).exclude(status=EventStatus.CANCELLED).update(
            status=EventStatus.CANCELLED, status_reason=_("Dieser Termin entfällt.")
        )
        for row in event.dates.filter(
            status=EventStatus.SCHEDULED, registrations__status=RegistrationStatus.WAITING
        ).distinct():
            locked = _locked_date(row.pk)
            _move_up(locked)


def extend_all_series(*, now: Any = None) -> int:
    """Move every running series' horizon on (a nightly job of the worker, see events/apps.py).
    The occasion hooks follow as the site itself (``by`` None): a room booked for the series
    is booked for its new dates where it is free. A hook's refusal leaves the new dates as
    they are."""
    now = now or timezone.now()
    count = 0
    series = (
        Event.objects.exclude(rrule="")
        .filter(Q(dates__end__gte=now - timedelta(days=1)) | Q(dates__isnull=True))
        .distinct()
    )
    for event in series:
        sync_event_dates(event=event)
        try:
            with transaction.atomic():
                registry.occasion_saved(event, data=None, by=None)
        except ValidationError:
            pass
        count += 1
    return count


def publish_proposal(*, event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(is_published=True)
    event.is_published = True
    index_object(event)  # update() skips the signal that keeps the site search in step


def check_event(*, event: Event, by: Any, district_id: int, project_id: int | None, capacity: int | None) -> None:
    """Raise ValidationError unless ``by`` may put ``event`` (as stored, or new) in that
    district, attach it to that project and give it that many places: staff work in their
    own districts and on projects they may change (a project the event already had stays
    possible), and the capacity never falls below the places taken on any date."""
    if not District.objects.staffed_by(by).filter(pk=district_id).exists():
        raise ValidationError({"district": _("Sie können Veranstaltungen nur in Ihren Ortsteilen anlegen.")})
    kept = event.pk is not None and project_id == event.project_id
    if project_id and not kept and not Project.objects.editable_by(by).filter(pk=project_id).exists():
        raise ValidationError({"project": _("Dieses Projekt gehört nicht zu Ihren Ortsteilen.")})
    if event.pk is not None and capacity is not None:
        taken = max(EventDate.objects.filter(event=event).values_list("places_taken", flat=True), default=0)
        if capacity < taken:
            message = _("Es sind schon %(count)d Plätze vergeben; weniger Plätze gehen nicht.") % {"count": taken}
            raise ValidationError({"capacity": message})


def _check(event: Event, *, stored: Event, by: Any) -> None:
    check_event(
        event=stored, by=by, district_id=event.district_id, project_id=event.project_id, capacity=event.capacity
    )


@transaction.atomic
def create_event(
    *, event: Event, fields_of_action: Iterable[FieldOfAction] = (), by: Any, data: dict[str, Any] | None = None
) -> Event:
    """Save a new event (its own fields set, not yet saved) and make its dates; ``data``, the
    staff form's cleaned data, goes to the occasion hooks (a room to book for the dates)."""
    if event.pk is not None:
        raise ValueError("create_event takes an event that is not saved yet")
    _check(event, stored=event, by=by)
    event.save()
    event.fields_of_action.set(fields_of_action)
    sync_event_dates(event=event)
    registry.occasion_saved(event, data=data or {}, by=by)
    return event


@transaction.atomic
def update_event(
    *, event: Event, fields_of_action: Iterable[FieldOfAction] = (), by: Any, data: dict[str, Any] | None = None
) -> Event:
    """Save the changed event (see ``check_event``); its dates follow (``sync_event_dates``),
    and so do the occasion hooks (a booked room moves with the dates, or the change is refused
    as a whole; a cancelled event frees it). ``data``: the staff form's cleaned data."""
    # Locked, so that no registration takes places between the check and the save.
    _check(event, stored=Event.objects.select_for_update().get(pk=event.pk), by=by)
    event.save()
    event.fields_of_action.set(fields_of_action)
    sync_event_dates(event=event)
    registry.occasion_saved(event, data=data, by=by)
    return event


# Like ideas: a few proposals an hour, and no links among a new account's first contributions.
PROPOSALS_PER_HOUR = 3


@transaction.atomic
def propose_event(*, event: Event, proposer: Any) -> Event:
    """Save a resident's proposal unpublished, with its dates, for the district's team to check.

    Raises ContributionRefused when the person is blocked, has proposed PROPOSALS_PER_HOUR
    events in the last hour, or puts a link into one of their first contributions.
    """
    from quartier.participation.moderation import ContributionRefused, check_links, check_not_blocked

    check_not_blocked(proposer)
    mine = Event.objects.filter(proposed_by=proposer)
    if mine.filter(created_at__gte=timezone.now() - timedelta(hours=1)).count() >= PROPOSALS_PER_HOUR:
        raise ContributionRefused(
            _("Sie haben in der letzten Stunde schon viel vorgeschlagen. Bitte warten Sie etwas.")
        )
    text = "\n".join([event.title, event.summary, event.description, event.venue, event.address, event.cost_note])
    try:
        check_links(user=proposer, text=text, extra=mine.count())
    except ContributionRefused as refusal:
        refusal.field = None  # the link may be in any field; the message stands above the form
        raise
    event.is_published = False
    event.proposed_by = proposer
    # Only a name the person chose is published (JSON-LD, event page); none is better
    # than a neutral label posing as the organiser.
    event.organiser_name = proposer.name
    event.save()
    sync_event_dates(event=event)
    tell_district_staff(
        district=event.district,
        kind="event_proposal",
        heading=_("Neuer Terminvorschlag"),
        title=event.title,
        target=reverse("events:edit", args=[event.pk]),
    )
    return event
