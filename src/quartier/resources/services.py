"""Every change of state of a booking, each in one transaction with its history row and its
e-mail sent once the transaction commits.

**Never double-booked.** A service that makes a booking hold its resource (request without
approval, approval, a staff booking, a moved booking) first locks the resource's row
(``select_for_update``), then checks that no other holding booking overlaps the new one's
blocked period (buffers included), then writes. On PostgreSQL concurrent requests for one
resource queue behind the lock; on SQLite every write transaction is serialised
(``transaction_mode`` IMMEDIATE). An exclusion constraint on PostgreSQL backs the rule.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.core.permissions import can_work_in
from quartier.core.text import unique_slug
from quartier.events import recurrence
from quartier.network.models import Organisation
from quartier.network.services import is_partner
from quartier.places.notifications import tell_district_staff
from quartier.resources.models import BookableBy, Booking, BookingHistory, BookingSeries, BookingStatus, Resource
from quartier.resources.tasks import send_booking_mail

SERIES_HORIZON_DAYS = 366


def _not_free() -> ValidationError:
    return ValidationError(
        {"start": _("Dieser Zeitraum ist nicht mehr frei. Bitte wählen Sie eine andere Zeit.")}, code="not_free"
    )


def _mail(booking: Booking, kind: str) -> None:
    if booking.email:
        transaction.on_commit(lambda: send_booking_mail.enqueue(booking.pk, kind))


def _history(booking: Booking, *, by: Any, note: str = "") -> None:
    BookingHistory.objects.create(
        booking=booking, by=by if getattr(by, "pk", None) else None, status=booking.status, note=note[:500]
    )


def _is_staff_for(user: Any, resource: Resource) -> bool:
    return bool(user is not None and can_work_in(user, resource))


def check_period(
    *,
    resource: Resource,
    start: datetime,
    end: datetime,
    people: int | None = None,
    now: datetime | None = None,
    as_staff: bool = False,
) -> None:
    """The rules of a period, as a ValidationError naming the field at fault. Staff booking
    for the office or on someone's behalf are not bound by the resource's booking window and
    handover times, but by everything that makes a booking impossible."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if end <= start:
        add("end", _("Das Ende muss nach dem Beginn liegen."))
    if start < now:
        add("start", _("Der Beginn liegt in der Vergangenheit."))
    if people is not None and resource.capacity is not None and people > resource.capacity:
        add("people", _("Der Raum fasst höchstens %(count)s Personen.") % {"count": resource.capacity})
    if resource.is_room and people is None and not as_staff:
        add("people", _("Bitte geben Sie an, wie viele Personen kommen."))
    if end > start and not as_staff:
        minutes = (end - start) / timedelta(minutes=1)
        if minutes < resource.min_minutes:
            add("end", _("Die Buchung muss mindestens %(minutes)s Minuten dauern.") % {"minutes": resource.min_minutes})
        if minutes > resource.max_minutes:
            add(
                "end",
                _("Die Buchung darf höchstens %(duration)s dauern.") % {"duration": _duration(resource.max_minutes)},
            )
        if start > now + timedelta(days=resource.max_days_ahead):
            add("start", _("Buchen Sie höchstens %(days)s Tage im Voraus.") % {"days": resource.max_days_ahead})
        if resource.handover_from and resource.handover_until:
            for field, moment in (("start", start), ("end", end)):
                local = timezone.localtime(moment).time()
                if not resource.handover_from <= local <= resource.handover_until:
                    add(
                        field,
                        _("Übergabe und Rückgabe sind nur zwischen %(start)s und %(end)s Uhr möglich.")
                        % {
                            "start": resource.handover_from.strftime("%H:%M"),
                            "end": resource.handover_until.strftime("%H:%M"),
                        },
                    )
    if errors:
        raise ValidationError(errors)


def _duration(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return _("1 Tag") if days == 1 else _("%(days)s Tage") % {"days": days}
    if minutes % 60 == 0:
        return _("%(hours)s Stunden") % {"hours": minutes // 60}
    return _("%(minutes)s Minuten") % {"minutes": minutes}


def _is_free(resource: Resource, start: datetime, end: datetime, *, exclude: int | None = None) -> bool:
    blocked_start, blocked_end = resource.blocked_period(start, end)
    clashes = Booking.objects.filter(resource=resource).holding().overlapping(blocked_start, blocked_end)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    return not clashes.exists()


def _locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().select_related("district").get(pk=resource.pk)


def _save_holding(booking: Booking, update_fields: list[str] | None = None) -> None:
    """Save a booking that holds its resource; the exclusion constraint (PostgreSQL) is the
    last guard behind the lock and answers as a taken slot, never as an error page."""
    try:
        with transaction.atomic():
            booking.save(update_fields=update_fields)
    except IntegrityError as error:
        raise _not_free() from error


def request_booking(
    *,
    resource: Resource,
    start: datetime,
    end: datetime,
    by: Any,
    person: Any = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    organisation: str = "",
    purpose: str = "",
    people: int | None = None,
    for_office: bool = False,
    for_organisation: Organisation | None = None,
) -> Booking:
    """Book ``resource`` for ``start``–``end``.

    A resident (``by`` is the person) needs a confirmed e-mail address and a resource residents
    may book; without approval a free slot is confirmed at once, else it waits for staff.
    Staff of the resource's district book on someone's behalf (``person`` or name and e-mail,
    e.g. at the counter) or ``for_office``; their bookings are confirmed at once.
    ``for_organisation`` books in an organisation's name: only its partners and staff may. A
    resource "for organisations" takes only such bookings (staff book it as they like).
    Raises ValidationError (per field) for a period the rules refuse or that is not free."""
    as_staff = _is_staff_for(by, resource)
    if for_organisation is not None:
        if not as_staff and not is_partner(by, for_organisation):
            raise PermissionDenied
        organisation = for_organisation.name
    if not as_staff:
        person = by
        if not getattr(by, "is_authenticated", False):
            raise PermissionDenied
        if resource.bookable_by == BookableBy.STAFF or not resource.is_active:
            raise ValidationError(_("Diese Ausleihe bucht nur das Quartiersbüro. Bitte fragen Sie dort an."))
        if not by.emailaddress_set.filter(email__iexact=by.email, verified=True).exists():
            raise ValidationError(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
        if resource.bookable_by == BookableBy.ORGANISATIONS and for_organisation is None:
            raise ValidationError(
                {
                    "for_organisation": _(
                        "Diese Ausleihe buchen nur Vereine und Organisationen: bitte buchen Sie im Namen Ihrer Organisation."
                    )
                }
            )
        name, email = by.get_full_name(), by.email
        for_office = False
    elif person is not None:
        name = name or person.get_full_name()
        email = email or person.email
    if for_office:
        name, email = name or resource.district.name, email
    check_period(resource=resource, start=start, end=end, people=people, as_staff=as_staff)
    with transaction.atomic():
        resource = _locked(resource)
        if not _is_free(resource, start, end):
            raise _not_free()
        confirmed = as_staff or not resource.requires_approval
        blocked_start, blocked_end = resource.blocked_period(start, end)
        booking = Booking(
            resource=resource,
            person=person,
            booked_by=by if as_staff else None,
            for_office=for_office,
            name=name[:150],
            email=email,
            phone=phone,
            organisation=organisation,
            for_organisation=for_organisation,
            purpose=purpose,
            people=people,
            start=start,
            end=end,
            blocked_start=blocked_start,
            blocked_end=blocked_end,
            status=BookingStatus.CONFIRMED if confirmed else BookingStatus.REQUESTED,
        )
        _save_holding(booking)
        _history(booking, by=by)
        _mail(booking, booking.status)
        if not confirmed:
            tell_district_staff(
                district=resource.district,
                kind="booking",
                heading=_("Neue Buchungsanfrage"),
                title=resource.name,
                target=booking.get_staff_url(),
            )
    return booking


class SeriesCollides(ValidationError):
    """Dates of a series that are not free; ``dates`` lists their starts for the form."""

    def __init__(self, dates: list[datetime]) -> None:
        self.dates = dates
        super().__init__(
            ngettext(
                "%(count)d Termin der Reihe ist schon belegt.",
                "%(count)d Termine der Reihe sind schon belegt.",
                len(dates),
            )
            % {"count": len(dates)}
        )


def series_starts(
    *, start: datetime, frequency: str, until: date | None = None, count: int | None = None
) -> tuple[str, list[datetime]]:
    """The RRULE of a weekly or fortnightly series and its start times (at most a year ahead)."""
    rule = recurrence.build_rrule(frequency=frequency, start=start, until=until, count=count)
    return rule, recurrence.expand(rule, start, horizon=start + timedelta(days=SERIES_HORIZON_DAYS))


def colliding_dates(*, resource: Resource, starts: list[datetime], duration: timedelta) -> list[datetime]:
    """The starts whose period (buffers included) is not free (one query)."""
    if not starts:
        return []
    blocked = [resource.blocked_period(start, start + duration) for start in starts]
    taken = list(
        Booking.objects.filter(resource=resource)
        .holding()
        .overlapping(min(b[0] for b in blocked), max(b[1] for b in blocked))
        .values_list("blocked_start", "blocked_end")
    )
    return [
        start
        for start, (low, high) in zip(starts, blocked, strict=True)
        if any(other_start < high and other_end > low for other_start, other_end in taken)
    ]


def book_series(
    *,
    resource: Resource,
    by: Any,
    start: datetime,
    end: datetime,
    frequency: str,
    until: date | None = None,
    count: int | None = None,
    skip_collisions: bool = False,
    name: str = "",
    email: str = "",
    phone: str = "",
    organisation: str = "",
    purpose: str = "",
    people: int | None = None,
    for_office: bool = False,
    for_organisation: Organisation | None = None,
) -> BookingSeries:
    """Staff book a regular use (a group every Tuesday evening), also in an organisation's
    name: every date of the series is a confirmed booking. Dates that collide are refused all
    together with their list (``SeriesCollides``), unless ``skip_collisions`` books the free
    ones only."""
    if not _is_staff_for(by, resource):
        raise PermissionDenied
    if for_organisation is not None:
        organisation = for_organisation.name
    check_period(resource=resource, start=start, end=end, people=people, as_staff=True)
    if resource.blocked_period(start, end)[1] - resource.blocked_period(start, end)[0] >= timedelta(days=7):
        raise ValidationError({"end": _("Ein Termin einer wöchentlichen Reihe muss kürzer als eine Woche sein.")})
    rule, starts = series_starts(start=start, frequency=frequency, until=until, count=count)
    duration = end - start
    with transaction.atomic():
        resource = _locked(resource)
        taken = colliding_dates(resource=resource, starts=starts, duration=duration)
        if taken and not skip_collisions:
            raise SeriesCollides(taken)
        free = [moment for moment in starts if moment not in set(taken)]
        if not free:
            raise SeriesCollides(taken)
        series = BookingSeries.objects.create(resource=resource, rrule=rule, created_by=by)
        bookings = []
        for moment in free:
            blocked_start, blocked_end = resource.blocked_period(moment, moment + duration)
            bookings.append(
                Booking(
                    resource=resource,
                    series=series,
                    booked_by=by,
                    for_office=for_office,
                    name=(name or (resource.district.name if for_office else ""))[:150],
                    email=email,
                    phone=phone,
                    organisation=organisation,
                    for_organisation=for_organisation,
                    purpose=purpose,
                    people=people,
                    start=moment,
                    end=moment + duration,
                    blocked_start=blocked_start,
                    blocked_end=blocked_end,
                    status=BookingStatus.CONFIRMED,
                )
            )
        try:
            with transaction.atomic():
                created = Booking.objects.bulk_create(bookings)
        except IntegrityError as error:
            raise _not_free() from error
        BookingHistory.objects.bulk_create(
            BookingHistory(booking=booking, by=by, status=BookingStatus.CONFIRMED) for booking in created
        )
        _mail(created[0], "series")
    return series


def save_resource(*, resource: Resource, by: Any) -> Resource:
    """Create or change a thing or room: only in a district the acting person works in, and
    only one whose stored district is theirs too (nobody takes over another district's)."""
    if not _is_staff_for(by, resource):
        raise PermissionDenied
    if resource.pk:
        stored = Resource.objects.get(pk=resource.pk)
        if not _is_staff_for(by, stored):
            raise PermissionDenied
    if not resource.slug:
        resource.slug = unique_slug(
            Resource.objects.exclude(pk=resource.pk),
            resource.name,
            max_length=120,
            fallback="ausleihe",
            url_name="resources:detail",
        )
    resource.save()
    return resource


def _locked_booking(booking: Booking) -> tuple[Booking, Resource]:
    resource = _locked(booking.resource)
    return Booking.objects.select_related("resource").get(pk=booking.pk), resource


def _require_staff(by: Any, resource: Resource) -> None:
    if not _is_staff_for(by, resource):
        raise PermissionDenied


def _require_status(booking: Booking, *allowed: str) -> None:
    if booking.status not in allowed:
        raise ValidationError(
            _("Die Buchung ist %(status)s; das geht jetzt nicht mehr.") % {"status": booking.status_label}
        )


@transaction.atomic
def approve_booking(*, booking: Booking, by: Any) -> Booking:
    """Staff confirm a request, if its period is still free."""
    booking, resource = _locked_booking(booking)
    _require_staff(by, resource)
    _require_status(booking, BookingStatus.REQUESTED)
    if not _is_free(resource, booking.start, booking.end, exclude=booking.pk):
        raise _not_free()
    booking.status = BookingStatus.CONFIRMED
    _save_holding(booking, ["status"])
    _history(booking, by=by)
    _mail(booking, "confirmed")
    return booking


@transaction.atomic
def decline_booking(*, booking: Booking, by: Any, reason: str) -> Booking:
    """Staff decline a request, with a reason the person reads."""
    booking, resource = _locked_booking(booking)
    _require_staff(by, resource)
    _require_status(booking, BookingStatus.REQUESTED)
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte nennen Sie einen Grund.")})
    booking.status = BookingStatus.DECLINED
    booking.decision_note = reason.strip()[:500]
    booking.save(update_fields=["status", "decision_note"])
    _history(booking, by=by, note=booking.decision_note)
    _mail(booking, "declined")
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking, by: Any, reason: str = "") -> Booking:
    """The person cancels their own requested or confirmed booking; staff of the district
    cancel any booking not yet handed over. The period is free again at once."""
    booking, resource = _locked_booking(booking)
    own = booking.person_id is not None and booking.person_id == getattr(by, "pk", None)
    if not own:
        _require_staff(by, resource)
    _require_status(booking, BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
    booking.status = BookingStatus.CANCELLED
    booking.decision_note = reason.strip()[:500]
    booking.save(update_fields=["status", "decision_note"])
    _history(booking, by=by, note=booking.decision_note)
    _mail(booking, "cancelled")
    return booking


@transaction.atomic
def hand_over(
    *, booking: Booking, by: Any, missing: list[str] | None = None, notes: str = "", deposit_received: bool = False
) -> Booking:
    """Staff hand a confirmed booking's thing or room key over, with the checklist's missing parts."""
    booking, resource = _locked_booking(booking)
    _require_staff(by, resource)
    _require_status(booking, BookingStatus.CONFIRMED)
    booking.status = BookingStatus.HANDED_OVER
    booking.handover_missing = "\n".join(missing or [])
    booking.handover_notes = notes.strip()
    booking.deposit_received = deposit_received
    booking.save(update_fields=["status", "handover_missing", "handover_notes", "deposit_received"])
    _history(booking, by=by, note=_("Fehlt: %(items)s") % {"items": ", ".join(missing)} if missing else "")
    _mail(booking, "handed_over")
    return booking


@transaction.atomic
def take_back(
    *,
    booking: Booking,
    by: Any,
    missing: list[str] | None = None,
    notes: str = "",
    damage_report: str = "",
    damage_photo: File | None = None,
    deposit_returned: bool = False,
) -> Booking:
    """Staff record the return: what is missing, the condition, a damage report with photo,
    whether the deposit went back."""
    booking, resource = _locked_booking(booking)
    _require_staff(by, resource)
    _require_status(booking, BookingStatus.HANDED_OVER)
    booking.status = BookingStatus.RETURNED
    booking.return_missing = "\n".join(missing or [])
    booking.return_notes = notes.strip()
    booking.damage_report = damage_report.strip()
    booking.deposit_returned = deposit_returned
    fields = ["status", "return_missing", "return_notes", "damage_report", "deposit_returned"]
    if damage_photo is not None:
        booking.damage_photo = damage_photo
        fields.append("damage_photo")
    booking.save(update_fields=fields)
    _history(booking, by=by, note=_("Fehlt: %(items)s") % {"items": ", ".join(missing)} if missing else "")
    _mail(booking, "returned")
    return booking


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind of tomorrow's pick-ups and returns, and tell people once that their booking is
    overdue. Each booking is reminded once per kind (a flag), so the job can run again."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    sent = 0
    plans = (
        (
            Booking.objects.filter(status=BookingStatus.CONFIRMED, start__date=tomorrow, pickup_reminded=False),
            "pickup_reminded",
            "pickup_reminder",
        ),
        (
            Booking.objects.filter(status=BookingStatus.HANDED_OVER, end__date=tomorrow, return_reminded=False),
            "return_reminded",
            "return_reminder",
        ),
        (Booking.objects.overdue(now).filter(overdue_notified=False), "overdue_notified", "overdue"),
    )
    for queryset, flag, kind in plans:
        for booking in queryset.only("pk", "email"):
            with transaction.atomic():
                if Booking.objects.filter(pk=booking.pk, **{flag: False}).update(**{flag: True}):
                    _mail(booking, kind)
                    sent += 1
    return sent


def occasion_bookings(links: dict[str, Any]) -> list[Booking]:
    """The confirmed bookings the office made for an occasion (``links``: ``{"event": event}``,
    ``{"helper_call": call}`` or ``{"meeting": meeting}``) that have not ended, in order (one query)."""
    return list(
        Booking.objects.filter(**links, status=BookingStatus.CONFIRMED, end__gt=timezone.now())
        .select_related("resource")
        .order_by("start", "pk")
    )


@transaction.atomic
def book_for_occasion(
    *,
    links: dict[str, Any],
    resource: Resource | None,
    periods: dict[int | None, tuple[datetime, datetime]],
    by: Any,
    purpose: str,
    people: int | None = None,
    field: str | None = None,
    date_field: str | None = None,
    skip_taken: bool = False,
) -> list[Booking]:
    """Make the office's bookings for an occasion match it: ``resource`` booked for each of
    ``periods`` (keyed by the occasion's date, ``date_field`` the booking's link to it, or
    ``None`` for an occasion with one period). A booking of another resource, or for a period
    the occasion no longer has (a date cancelled, the occasion cancelled: ``periods`` empty,
    or ``resource`` None), is cancelled with its history row; one whose period changed moves.
    Every new or moved period must be free (buffers included) under the resource's row lock,
    else a ``ValidationError`` (on ``field`` when given) names the dates that are taken and the
    caller's transaction undoes everything; with ``skip_taken`` (the site itself following an
    occasion, e.g. a series' new dates at night) a taken period is left unbooked instead.
    Periods that have begun are left alone.
    Staff book only resources of their own districts (``by`` None: the site itself, e.g. a job)."""
    now = timezone.now()
    periods = {key: period for key, period in periods.items() if period[0] > now}
    current = [booking for booking in occasion_bookings(links) if booking.start > now]
    keep: dict[int | None, Booking] = {}
    for booking in current:
        key = getattr(booking, f"{date_field}_id") if date_field else None
        if resource is None or booking.resource_id != resource.pk or key not in periods or key in keep:
            _cancel_for_occasion(booking, by=by)
        else:
            keep[key] = booking
    if resource is None or not periods:
        return []
    changes = any(key not in keep or (keep[key].start, keep[key].end) != period for key, period in periods.items())
    if changes and by is not None and not _is_staff_for(by, resource):
        raise ValidationError(
            {field: _("Sie können nur Räume und Gegenstände Ihrer Ortsteile buchen.")}
            if field
            else _("Sie können nur Räume und Gegenstände Ihrer Ortsteile buchen.")
        )
    locked = _locked(resource)
    if people is not None and locked.capacity is not None and people > locked.capacity:
        message = _("%(name)s fasst höchstens %(count)s Personen.") % {"name": locked.name, "count": locked.capacity}
        raise ValidationError({field: message} if field else message)
    taken: list[datetime] = []
    booked: list[Booking] = []
    for key, (start, end) in sorted(periods.items(), key=lambda item: item[1][0]):
        kept = keep.get(key)
        if kept is not None and kept.start == start and kept.end == end:
            booked.append(kept)
            continue
        if not _is_free(locked, start, end, exclude=kept.pk if kept else None):
            if skip_taken:
                if kept is not None:
                    _cancel_for_occasion(kept, by=by)
                continue
            taken.append(start)
            continue
        blocked_start, blocked_end = locked.blocked_period(start, end)
        if kept is None:
            kept = Booking(
                resource=locked,
                booked_by=by,
                for_office=True,
                name=locked.district.name[:150],
                purpose=purpose[:300],
                people=people,
                **links,
            )
            if date_field:
                setattr(kept, f"{date_field}_id", key)
            note = ""
        else:
            note = _("verlegt")
        kept.start, kept.end = start, end
        kept.blocked_start, kept.blocked_end = blocked_start, blocked_end
        kept.status = BookingStatus.CONFIRMED
        try:
            _save_holding(kept)
        except ValidationError:  # taken meanwhile (PostgreSQL's exclusion constraint)
            if not skip_taken:
                taken.append(start)
            continue
        _history(kept, by=by, note=note)
        booked.append(kept)
    if taken:
        dates = ", ".join(date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") for moment in taken)
        message = ngettext(
            "%(name)s ist dann schon belegt: %(dates)s. Bitte wählen Sie eine andere Zeit oder keinen.",
            "%(name)s ist an diesen Terminen schon belegt: %(dates)s. Bitte wählen Sie eine andere Zeit oder keinen.",
            len(taken),
        ) % {"name": locked.name, "dates": dates}
        raise ValidationError({field: message} if field else message, code="not_free")
    return booked


def _cancel_for_occasion(booking: Booking, *, by: Any) -> None:
    booking.status = BookingStatus.CANCELLED
    booking.decision_note = _("Der Anlass wurde abgesagt, verlegt oder braucht die Buchung nicht mehr.")
    booking.save(update_fields=["status", "decision_note"])
    _history(booking, by=by, note=booking.decision_note)
    _mail(booking, "cancelled")


def free_for_occasion(
    *,
    kind: str,
    user: Any,
    periods: list[tuple[datetime, datetime]],
    links: dict[str, Any],
    keep: Resource | None = None,
) -> Any:
    """The active resources of ``kind`` in ``user``'s districts with no holding booking in any of
    ``periods`` (the occasion's own bookings do not count), and ``keep`` (the one booked now)."""
    resources = Resource.objects.public().filter(kind=kind).managed_by(user)
    if periods:
        clash = Q()
        for start, end in periods:
            clash |= Q(blocked_start__lt=end, blocked_end__gt=start)
        busy = Booking.objects.holding().filter(clash).exclude(**links).values("resource_id")
        resources = resources.exclude(pk__in=busy)
    if keep is not None:
        resources = Resource.objects.filter(Q(pk__in=resources.values("pk")) | Q(pk=keep.pk))
    return resources.select_related("district").order_by("name", "pk")
