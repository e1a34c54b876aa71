"""The booking services: the overlap rule with buffers, the period's rules, each state change
with its history row and its mail."""

from __future__ import annotations

from datetime import time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.places.models import StaffNotice
from quartier.resources.models import BookableBy, Booking, BookingStatus, Kind
from quartier.resources.services import (
    approve_booking,
    cancel_booking,
    decline_booking,
    hand_over,
    request_booking,
    take_back,
)
from tests import factories
from tests.resources.conftest import at, book, confirm_email, make_resource


def _request(resource, by, start, end, **fields):
    return request_booking(resource=resource, by=by, start=start, end=end, purpose="Dorffest", **fields)


def test_free_slot_of_an_auto_confirming_resource_is_confirmed_at_once(
    resource, confirmed_resident, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://quartier.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        booking = _request(resource, confirmed_resident, at(2, 10), at(2, 12))
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.person == confirmed_resident
    assert list(booking.history.values_list("status", flat=True)) == [BookingStatus.CONFIRMED]
    assert len(mail.outbox) == 1
    assert "bestätigt" in mail.outbox[0].subject
    assert f"https://quartier.example.org/ausleihe/buchung/{booking.pk}/" in mail.outbox[0].body


def test_overlapping_a_confirmed_booking_is_refused_as_not_free(resource, confirmed_resident):
    book(resource, at(2, 10), at(2, 12))
    with pytest.raises(ValidationError) as error:
        _request(resource, confirmed_resident, at(2, 11), at(2, 13))
    assert "nicht mehr frei" in str(error.value)
    assert Booking.objects.count() == 1


def test_buffers_of_both_bookings_keep_them_apart(district_a, confirmed_resident):
    room = make_resource(district_a, buffer_before=30, buffer_after=60)
    book(room, at(2, 10), at(2, 12))  # blocked 9:30 – 13:00
    with pytest.raises(ValidationError):
        _request(room, confirmed_resident, at(2, 13), at(2, 14))  # blocked from 12:30
    with pytest.raises(ValidationError):
        _request(room, confirmed_resident, at(2, 8), at(2, 9, 15))  # blocked until 10:15
    assert _request(room, confirmed_resident, at(2, 13, 30), at(2, 15)).status == BookingStatus.CONFIRMED
    assert _request(room, confirmed_resident, at(2, 7), at(2, 8)).status == BookingStatus.CONFIRMED


def test_back_to_back_bookings_without_buffers_fit(resource, confirmed_resident):
    book(resource, at(2, 10), at(2, 12))
    assert _request(resource, confirmed_resident, at(2, 12), at(2, 14)).status == BookingStatus.CONFIRMED


def test_declined_cancelled_and_returned_bookings_do_not_block(resource, confirmed_resident):
    for status in (BookingStatus.DECLINED, BookingStatus.CANCELLED, BookingStatus.RETURNED, BookingStatus.REQUESTED):
        book(resource, at(2, 10), at(2, 12), status=status)
    assert _request(resource, confirmed_resident, at(2, 10), at(2, 12)).status == BookingStatus.CONFIRMED


def test_a_handed_over_booking_past_its_end_is_overdue_and_still_blocks(resource, confirmed_resident):
    overdue = book(resource, at(-3, 10), at(-1, 10), status=BookingStatus.HANDED_OVER)
    assert overdue.is_overdue
    assert str(overdue.status_label) == "überfällig"
    assert list(Booking.objects.overdue()) == [overdue]
    book(resource, at(-1, 10), at(3, 10), status=BookingStatus.HANDED_OVER)
    with pytest.raises(ValidationError):
        _request(resource, confirmed_resident, at(2, 10), at(2, 12))


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ((2, 12), (2, 10), "end", "nach dem Beginn"),
        ((-1, 10), (-1, 12), "start", "Vergangenheit"),
        ((2, 10), (2, 10, 30), "end", "mindestens 60 Minuten"),
        ((2, 10), (6, 10), "end", "höchstens 3 Tage"),
        ((200, 10), (200, 12), "start", "180 Tage"),
    ],
)
def test_bad_periods_get_a_clear_message_on_their_field_and_save_nothing(
    resource, confirmed_resident, start, end, field, message
):
    with pytest.raises(ValidationError) as error:
        _request(resource, confirmed_resident, at(*start), at(*end))
    assert message in " ".join(error.value.message_dict[field])
    assert not Booking.objects.exists()


def test_handover_times_bound_start_and_end(district_a, confirmed_resident):
    kiste = make_resource(district_a, handover_from=time(9), handover_until=time(18))
    with pytest.raises(ValidationError) as error:
        _request(kiste, confirmed_resident, at(2, 7), at(2, 19))
    assert set(error.value.message_dict) == {"start", "end"}
    assert "zwischen 09:00 und 18:00" in error.value.message_dict["start"][0]
    assert _request(kiste, confirmed_resident, at(2, 9), at(2, 18)).status == BookingStatus.CONFIRMED


def test_a_room_holds_no_more_people_than_it_fits(district_a, confirmed_resident):
    room = make_resource(district_a, kind=Kind.ROOM, capacity=20)
    with pytest.raises(ValidationError) as error:
        _request(room, confirmed_resident, at(2, 10), at(2, 12), people=21)
    assert "höchstens 20 Personen" in error.value.message_dict["people"][0]
    assert _request(room, confirmed_resident, at(2, 10), at(2, 12), people=20).people == 20


def test_residents_need_a_confirmed_address(resource, resident):
    resident.emailaddress_set.update(verified=False)
    with pytest.raises(ValidationError, match="E-Mail-Adresse"):
        _request(resource, resident, at(2, 10), at(2, 12))
    assert not Booking.objects.exists()


def test_residents_cannot_book_what_only_staff_book(district_a, confirmed_resident):
    room = make_resource(district_a, bookable_by=BookableBy.STAFF)
    with pytest.raises(ValidationError, match="nur das Quartiersbüro"):
        _request(room, confirmed_resident, at(2, 10), at(2, 12))


def test_only_bookings_in_an_organisations_name_for_a_resource_for_organisations(district_a, confirmed_resident):
    """Naming a club in free text no longer books it: the resident must be a partner (tests/resources/test_organisation_bookings.py)."""
    caravan = make_resource(district_a, bookable_by=BookableBy.ORGANISATIONS)
    with pytest.raises(ValidationError) as error:
        _request(caravan, confirmed_resident, at(2, 10), at(2, 12), organisation="Dorfverein")
    assert "for_organisation" in error.value.message_dict
    assert not Booking.objects.exists()


def test_request_waits_for_approval_and_district_staff_hear_of_it(district_a, confirmed_resident, staff_a):
    room = make_resource(district_a, requires_approval=True)
    booking = _request(room, confirmed_resident, at(2, 10), at(2, 12))
    assert booking.status == BookingStatus.REQUESTED
    assert StaffNotice.objects.filter(district=district_a, path=booking.get_staff_url()).exists()


def test_approval_confirms_only_while_the_period_is_free(district_a, confirmed_resident, staff_a, staff_b):
    room = make_resource(district_a, requires_approval=True)
    first = _request(room, confirmed_resident, at(2, 10), at(2, 12))
    second = _request(room, confirmed_resident, at(2, 11), at(2, 13))
    with pytest.raises(PermissionDenied):
        approve_booking(booking=first, by=staff_b)
    assert approve_booking(booking=first, by=staff_a).status == BookingStatus.CONFIRMED
    with pytest.raises(ValidationError, match="nicht mehr frei"):
        approve_booking(booking=second, by=staff_a)
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED
    assert first.history.last().by == staff_a


def test_decline_needs_a_reason_which_the_person_reads(
    district_a, confirmed_resident, staff_a, django_capture_on_commit_callbacks
):
    room = make_resource(district_a, requires_approval=True)
    booking = _request(room, confirmed_resident, at(2, 10), at(2, 12))
    with pytest.raises(ValidationError):
        decline_booking(booking=booking, by=staff_a, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        decline_booking(booking=booking, by=staff_a, reason="An dem Tag ist Putztag.")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert "Putztag" in mail.outbox[-1].body
    assert booking.history.last().note == "An dem Tag ist Putztag."


def test_cancelling_frees_the_period(resource, confirmed_resident, staff_b):
    booking = _request(resource, confirmed_resident, at(2, 10), at(2, 12))
    with pytest.raises(PermissionDenied):
        cancel_booking(booking=booking, by=staff_b)
    cancel_booking(booking=booking, by=confirmed_resident)
    assert _request(resource, confirmed_resident, at(2, 10), at(2, 12)).status == BookingStatus.CONFIRMED


def test_handover_and_return_record_checklist_condition_and_deposit(resource, confirmed_resident, staff_a):
    booking = _request(resource, confirmed_resident, at(2, 10), at(2, 12))
    with pytest.raises(ValidationError):
        take_back(booking=booking, by=staff_a)
    hand_over(booking=booking, by=staff_a, missing=["Schwungtuch"], notes="Brett zerkratzt", deposit_received=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HANDED_OVER
    assert booking.handover_missing == "Schwungtuch"
    assert booking.deposit_received
    with pytest.raises(ValidationError):
        cancel_booking(booking=booking, by=confirmed_resident)
    take_back(booking=booking, by=staff_a, missing=[], damage_report="Ecke abgebrochen", deposit_returned=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RETURNED
    assert booking.damage_report == "Ecke abgebrochen"
    assert booking.deposit_returned
    assert list(booking.history.values_list("status", flat=True)) == [
        BookingStatus.CONFIRMED,
        BookingStatus.HANDED_OVER,
        BookingStatus.RETURNED,
    ]


def test_staff_book_for_someone_or_the_office_outside_the_residents_window(district_a, staff_a, staff_b):
    room = make_resource(
        district_a, requires_approval=True, bookable_by=BookableBy.STAFF, handover_from=time(9), handover_until=time(17)
    )
    booking = request_booking(
        resource=room, by=staff_a, name="Herr Telefon", email="telefon@example.org", start=at(2, 7), end=at(2, 20)
    )
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.booked_by == staff_a
    assert booking.person is None
    office = request_booking(resource=room, by=staff_a, for_office=True, start=at(3, 10), end=at(3, 12))
    assert office.for_office
    assert office.name == district_a.name
    with pytest.raises(ValidationError, match="nicht mehr frei"):
        request_booking(resource=room, by=staff_a, for_office=True, start=at(3, 11), end=at(3, 13))
    # Another district's staff count as residents here, and residents may not book this room.
    confirm_email(staff_b)
    with pytest.raises(ValidationError, match="nur das Quartiersbüro"):
        request_booking(resource=room, by=staff_b, for_office=True, start=at(4, 10), end=at(4, 12))


def test_coordinators_act_in_every_district(resource, confirmed_resident, coordinator):
    other = make_resource(factories.make_district("Heisberg", slug="heisberg"), requires_approval=True)
    booking = _request(other, confirmed_resident, at(2, 10), at(2, 12))
    assert approve_booking(booking=booking, by=coordinator).status == BookingStatus.CONFIRMED


def test_a_weekly_series_lists_every_colliding_date_before_saving(district_a, staff_a, resident):
    from quartier.resources.services import SeriesCollides, book_series

    room = make_resource(district_a, kind=Kind.ROOM, capacity=20, buffer_after=30)
    # The series: six weekly evenings from the day after tomorrow (days 2, 9, 16, 23, 30, 37).
    book(room, at(16, 20), at(16, 22))  # the third evening is taken
    book(room, at(30, 17), at(30, 17, 45))  # the fifth: 17:45 plus the 30 minutes' buffer reach into it
    book(room, at(37, 14), at(37, 17, 30))  # the sixth: ends with its buffer exactly at 18:00, no collision
    series_args = {
        "resource": room,
        "by": staff_a,
        "start": at(2, 18),
        "end": at(2, 21),
        "frequency": "weekly",
        "count": 6,
        "name": "Jugendgruppe",
        "people": 12,
    }
    with pytest.raises(SeriesCollides) as error:
        book_series(**series_args)
    assert error.value.dates == [at(16, 18), at(30, 18)]
    assert "2 Termine der Reihe sind schon belegt." in error.value.messages
    assert not Booking.objects.filter(series__isnull=False).exists()

    series = book_series(**series_args, skip_collisions=True)
    dates = list(series.bookings.order_by("start"))
    assert len(dates) == 4
    assert all(booking.status == BookingStatus.CONFIRMED for booking in dates)
    assert {timezone.localtime(booking.start).hour for booking in dates} == {18}
    assert series.rrule.startswith("FREQ=WEEKLY;BYDAY=")
    assert all(booking.history.count() == 1 for booking in dates)
    with pytest.raises(PermissionDenied):
        book_series(**{**series_args, "by": resident})


def test_nobody_takes_over_another_districts_resource(district_a, district_b, staff_a, staff_b):
    from quartier.resources.services import save_resource

    kiste = make_resource(district_a)
    kiste.district = district_b
    with pytest.raises(PermissionDenied):
        save_resource(resource=kiste, by=staff_b)
    kiste.refresh_from_db()
    kiste.name = "Neue Kiste"
    with pytest.raises(PermissionDenied):
        save_resource(resource=kiste, by=staff_b)
    assert save_resource(resource=kiste, by=staff_a).name == "Neue Kiste"
