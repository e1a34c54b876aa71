"""Rooms booked for events and meetings, equipment for helper calls (resources/occasions.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.events.models import Event, EventDate, EventStatus
from quartier.events.services import change_date
from quartier.network.models import Meeting
from quartier.resources.availability import busy_periods
from quartier.resources.models import Booking, BookingStatus, Kind
from tests import factories
from tests.network.conftest import make_round_table
from tests.resources.conftest import at, book, make_resource

pytestmark = pytest.mark.django_db


def _form(district, start, **overrides):
    data = {
        "title": "Spieleabend",
        "summary": "Brettspiele für alle.",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Jugendraum",
        "district": district.pk,
        "target_group": "everyone",
        "status": "scheduled",
        "max_party_size": "4",
    }
    data.update(overrides)
    return data


def _options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no {name} field"
    return set(re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select.group(1)))


def _holding(**links) -> list[Booking]:
    return list(Booking.objects.filter(**links, status=BookingStatus.CONFIRMED).order_by("start"))


def _event_with_room(client, district, room, start, **overrides) -> Event:
    response = client.post("/cockpit/termine/neu/", _form(district, start, room=room.pk, **overrides))
    assert response.status_code == 302, response.content.decode()
    return Event.objects.latest("pk")


def test_the_event_form_offers_only_the_rooms_of_ones_districts_free_at_its_dates(
    as_user, staff_a, district_a, district_b
):
    event = factories.make_event(district_a, start=at(5, 18))
    free = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    taken = make_resource(district_a, name="Bürgertreff", kind=Kind.ROOM)
    book(taken, at(5, 19), at(5, 22))
    cancelled_there = make_resource(district_a, name="Stadtlabor", kind=Kind.ROOM)
    book(cancelled_there, at(5, 17), at(5, 23), status=BookingStatus.CANCELLED)
    make_resource(district_b, name="Fremder Raum", kind=Kind.ROOM)
    make_resource(district_a, name="Spielekiste", kind=Kind.THING)
    html = as_user(staff_a).get(f"/cockpit/termine/{event.pk}/bearbeiten/").content.decode()
    assert _options(html, "room") == {"Jugendraum", "Stadtlabor"}
    assert free.pk


def test_a_series_books_the_room_for_each_date_and_the_calendar_shows_it_busy(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM, capacity=30)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18), repeat="weekly", repeat_count="3")
    bookings = _holding(event=event)
    dates = list(event.dates.order_by("start"))
    assert [(b.event_date_id, b.start, b.end) for b in bookings] == [(d.pk, d.start, d.end) for d in dates]
    assert all(b.resource == room and b.for_office and b.booked_by == staff_a for b in bookings)
    assert busy_periods(room, at(0, 0), at(30, 0)) == [(d.start, d.end) for d in dates]
    page = client.get(f"/cockpit/termine/{event.pk}/daten/").content.decode()
    assert "Gebuchte Räume und Gegenstände" in page
    assert page.count("Jugendraum</a>") == 3
    # The edit form shows the room chosen, and saving again changes nothing.
    html = client.get(f"/cockpit/termine/{event.pk}/bearbeiten/").content.decode()
    assert f'<option value="{room.pk}" selected>' in html


def test_a_room_taken_at_one_date_refuses_the_event_and_saves_nothing(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    book(room, at(10, 17), at(10, 19))
    response = as_user(staff_a).post(
        "/cockpit/termine/neu/", _form(district_a, at(3, 18), room=room.pk, repeat="weekly", repeat_count="2")
    )
    assert response.status_code == 200
    assert "Jugendraum ist dann schon belegt:" in response.content.decode()
    assert not Event.objects.exists()
    assert Booking.objects.count() == 1


def test_moving_the_event_moves_the_booking(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18))
    (booking,) = _holding(event=event)
    response = client.post(f"/cockpit/termine/{event.pk}/bearbeiten/", _form(district_a, at(4, 10), room=room.pk))
    assert response.status_code == 302
    (moved,) = _holding(event=event)
    assert moved.pk == booking.pk
    assert (moved.start, moved.end) == (at(4, 10), at(4, 13))
    assert [row.note for row in moved.history.all()] == ["", "verlegt"]


def test_moving_into_a_taken_slot_is_refused_with_the_reason_and_nothing_half_saved(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18))
    book(room, at(4, 11), at(4, 12))
    response = client.post(
        f"/cockpit/termine/{event.pk}/bearbeiten/", _form(district_a, at(4, 10), room=room.pk, title="Neu")
    )
    assert response.status_code == 200
    assert "Jugendraum ist dann schon belegt:" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.start) == ("Spieleabend", at(3, 18))
    assert [(d.start, d.end) for d in event.dates.all()] == [(at(3, 18), at(3, 21))]
    (booking,) = _holding(event=event)
    assert (booking.start, booking.end) == (at(3, 18), at(3, 21))


def test_choosing_no_room_or_another_frees_the_first(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    other = make_resource(district_a, name="Stadtlabor", kind=Kind.ROOM)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18))
    client.post(f"/cockpit/termine/{event.pk}/bearbeiten/", _form(district_a, at(3, 18), room=other.pk))
    assert [b.resource for b in _holding(event=event)] == [other]
    client.post(f"/cockpit/termine/{event.pk}/bearbeiten/", _form(district_a, at(3, 18), room=""))
    assert _holding(event=event) == []
    assert Booking.objects.filter(event=event, status=BookingStatus.CANCELLED).count() == 2


def test_cancelling_the_event_frees_the_room_with_history(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18))
    response = client.post(
        f"/cockpit/termine/{event.pk}/bearbeiten/",
        _form(district_a, at(3, 18), room=room.pk, status="cancelled", status_reason="Krankheit"),
    )
    assert response.status_code == 302
    booking = Booking.objects.get(event=event)
    assert booking.status == BookingStatus.CANCELLED
    assert [row.status for row in booking.history.all()] == [BookingStatus.CONFIRMED, BookingStatus.CANCELLED]
    assert busy_periods(room, at(0, 0), at(30, 0)) == []


def test_one_date_of_a_series_cancelled_or_moved_takes_its_booking_along(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18), repeat="weekly", repeat_count="3")
    first, second, third = event.dates.order_by("start")
    change_date(event_date=first, start=first.start, end=first.end, status="cancelled", reason="Ferien", by=staff_a)
    assert [b.event_date_id for b in _holding(event=event)] == [second.pk, third.pk]
    book(room, at(11, 8), at(11, 9))
    response = client.post(
        f"/cockpit/termine/datum/{second.pk}/",
        {
            "start": at(11, 8).strftime("%Y-%m-%dT%H:%M"),
            "end": at(11, 10).strftime("%Y-%m-%dT%H:%M"),
            "status": "scheduled",
        },
    )
    assert response.status_code == 200
    assert "Jugendraum ist dann schon belegt:" in response.content.decode()
    second.refresh_from_db()
    assert second.start == at(10, 18)
    response = client.post(
        f"/cockpit/termine/datum/{second.pk}/",
        {
            "start": at(11, 14).strftime("%Y-%m-%dT%H:%M"),
            "end": at(11, 16).strftime("%Y-%m-%dT%H:%M"),
            "status": "scheduled",
        },
    )
    assert response.status_code == 302
    assert [(b.start, b.end) for b in _holding(event_date=second)] == [(at(11, 14), at(11, 16))]


def test_a_room_too_small_for_the_events_places_is_refused(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM, capacity=10)
    response = as_user(staff_a).post(
        "/cockpit/termine/neu/",
        _form(district_a, at(3, 18), room=room.pk, registration_required="on", capacity="40"),
    )
    assert response.status_code == 200
    assert "Jugendraum fasst höchstens 10 Personen." in response.content.decode()
    assert not Event.objects.exists()


def test_staff_of_another_district_can_neither_book_for_the_event_nor_its_call(
    as_user, staff_a, staff_b, district_a, district_b
):
    room_b = make_resource(district_b, name="Raum B", kind=Kind.ROOM)
    thing_b = make_resource(district_b, name="Beamer", kind=Kind.THING)
    event = factories.make_event(district_a, start=at(3, 18))
    client = as_user(staff_b)
    response = client.post(f"/cockpit/termine/{event.pk}/bearbeiten/", _form(district_a, at(3, 18), room=room_b.pk))
    assert response.status_code == 403
    call = factories.make_helper_call(district_a, start=at(3, 10))
    assert client.get(f"/cockpit/ausleihe/helfergesuch/{call.pk}/").status_code == 403
    assert client.post(f"/cockpit/ausleihe/helfergesuch/{call.pk}/", {"equipment": thing_b.pk}).status_code == 403
    # Nor may staff of district A book district B's room for their own event (it is not offered).
    own = factories.make_event(district_a, start=at(4, 18))
    response = as_user(staff_a).post(
        f"/cockpit/termine/{own.pk}/bearbeiten/", _form(district_a, at(4, 18), room=room_b.pk)
    )
    assert response.status_code == 200
    assert not Booking.objects.exists()


def test_a_meeting_books_a_room_and_moving_it_moves_the_booking_or_is_refused(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Stadtlabor", kind=Kind.ROOM)
    busy = make_resource(district_a, name="Bürgertreff", kind=Kind.ROOM)
    book(busy, at(6, 17), at(6, 21))
    round_table = make_round_table(district_a, name="Stadtlabor-Runde")
    client = as_user(staff_a)
    html = client.get(f"/cockpit/netzwerk/runde-tische/{round_table.pk}/").content.decode()
    assert _options(html, "room") == {"Stadtlabor", "Bürgertreff"}  # a new meeting has no time yet
    data = {
        "start": at(6, 18).strftime("%Y-%m-%dT%H:%M"),
        "end": at(6, 20).strftime("%Y-%m-%dT%H:%M"),
        "place": "Stadtlabor",
    }
    response = client.post(f"/cockpit/netzwerk/runde-tische/{round_table.pk}/sitzung/", {**data, "room": busy.pk})
    assert response.status_code == 200
    assert "Bürgertreff ist dann schon belegt:" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(f"/cockpit/netzwerk/runde-tische/{round_table.pk}/sitzung/", {**data, "room": room.pk})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    (booking,) = _holding(meeting=meeting)
    assert (booking.resource, booking.start, booking.end, booking.purpose) == (
        room,
        at(6, 18),
        at(6, 20),
        "Stadtlabor-Runde",
    )
    page = client.get(f"/cockpit/netzwerk/sitzungen/{meeting.pk}/").content.decode()
    assert _options(page, "room") == {"Stadtlabor"}  # the Bürgertreff is taken then
    assert "Gebuchte Räume und Gegenstände" in page
    book(room, at(7, 18), at(7, 20))
    moved = {"start": at(7, 18).strftime("%Y-%m-%dT%H:%M"), "end": at(7, 20).strftime("%Y-%m-%dT%H:%M"), "place": "X"}
    response = client.post(f"/cockpit/netzwerk/sitzungen/{meeting.pk}/", {**moved, "room": room.pk})
    assert response.status_code == 200
    assert "Stadtlabor ist dann schon belegt:" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.start, meeting.place) == (at(6, 18), "Stadtlabor")
    moved = {**moved, "start": at(8, 18).strftime("%Y-%m-%dT%H:%M"), "end": at(8, 20).strftime("%Y-%m-%dT%H:%M")}
    assert client.post(f"/cockpit/netzwerk/sitzungen/{meeting.pk}/", {**moved, "room": room.pk}).status_code == 302
    assert [(b.pk, b.start) for b in _holding(meeting=meeting)] == [(booking.pk, at(8, 18))]


def test_a_helper_call_books_equipment_for_its_shifts_and_it_follows_the_shifts(as_user, staff_a, district_a):
    beamer = make_resource(district_a, name="Beamer", kind=Kind.THING)
    lent = make_resource(district_a, name="Spielekiste", kind=Kind.THING)
    book(lent, at(3, 12), at(3, 13))
    make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    call = factories.make_helper_call(district_a, shifts=2, start=at(3, 10))  # 10–12, 12–14
    client = as_user(staff_a)
    url = f"/cockpit/ausleihe/helfergesuch/{call.pk}/"
    assert _options(client.get(url).content.decode(), "equipment") == {"Beamer"}
    response = client.post(url, {"equipment": lent.pk})
    assert response.status_code == 400  # not offered: taken then
    assert client.post(url, {"equipment": beamer.pk}).status_code == 302
    (booking,) = _holding(helper_call=call)
    assert (booking.resource, booking.start, booking.end) == (beamer, at(3, 10), at(3, 14))
    assert "Beamer" in client.get(f"/cockpit/engagement/{call.pk}/").content.decode()
    last = call.shifts.order_by("start").last()
    shift_url = f"/cockpit/engagement/schicht/{last.pk}/"

    def shift_form(start, end):
        return {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": end.strftime("%Y-%m-%dT%H:%M"),
            "place": "Markt",
            "people_needed": "3",
        }

    assert client.post(shift_url, shift_form(at(3, 14), at(3, 17))).status_code == 302
    (booking,) = _holding(helper_call=call)
    assert (booking.start, booking.end) == (at(3, 10), at(3, 17))
    book(beamer, at(3, 18), at(3, 19))
    response = client.post(shift_url, shift_form(at(3, 17), at(3, 19)))
    assert response.status_code == 400
    assert "Beamer ist dann schon belegt" in response.content.decode()
    last.refresh_from_db()
    assert last.end == at(3, 17)
    assert client.post(url, {"equipment": ""}).status_code == 302
    assert _holding(helper_call=call) == []


def test_a_new_call_chooses_its_equipment_in_its_form(as_user, staff_a, district_a):
    make_resource(district_a, name="Beamer", kind=Kind.THING)
    html = as_user(staff_a).get("/cockpit/engagement/neu/").content.decode()
    assert _options(html, "call-equipment") == {"Beamer"}


@pytest.mark.parametrize("page", ["bearbeiten", "daten"])
def test_event_staff_pages_queries_do_not_grow_with_rooms_and_bookings(
    as_user, staff_a, district_a, django_assert_num_queries, page
):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18), repeat="weekly", repeat_count="2")
    url = f"/cockpit/termine/{event.pk}/{page}/"
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    count = len(few)
    for number in range(6):
        other = make_resource(district_a, name=f"Raum {number}", kind=Kind.ROOM)
        book(other, at(3, 17), at(3, 19))
    later = factories.make_event(district_a, start=at(40, 18), rrule="FREQ=WEEKLY;COUNT=4")
    client.post(f"/cockpit/termine/{later.pk}/bearbeiten/", _form(district_a, at(40, 18), room=room.pk))
    client.post(
        f"/cockpit/termine/{event.pk}/bearbeiten/",
        _form(district_a, at(3, 18), room=room.pk, repeat="weekly", repeat_count="6"),
    )
    assert len(_holding(event=event)) == 6
    cache.clear()
    client.get(url)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_event_dates_removed_by_a_shorter_series_free_their_bookings(as_user, staff_a, district_a):
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    client = as_user(staff_a)
    event = _event_with_room(client, district_a, room, at(3, 18), repeat="weekly", repeat_count="3")
    client.post(
        f"/cockpit/termine/{event.pk}/bearbeiten/",
        _form(district_a, at(3, 18), room=room.pk, repeat="weekly", repeat_count="2"),
    )
    assert len(_holding(event=event)) == 2
    assert EventDate.objects.filter(event=event, status=EventStatus.SCHEDULED).count() == 2


def test_the_nightly_extension_books_the_series_new_dates_where_the_room_is_free(
    as_user, staff_a, district_a, monkeypatch
):
    from quartier.events import recurrence
    from quartier.events.services import extend_all_series

    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    client = as_user(staff_a)
    until = (at(0, 0) + timedelta(days=recurrence.HORIZON_DAYS + 40)).strftime("%Y-%m-%d")
    event = _event_with_room(client, district_a, room, at(3, 18), repeat="weekly", repeat_until=until)
    before = event.dates.count()
    assert len(_holding(event=event)) == before
    monkeypatch.setattr(recurrence, "HORIZON_DAYS", recurrence.HORIZON_DAYS + 30)
    new_starts = recurrence.expand(event.rrule, event.start)[before:]  # up to the new horizon, as the job does
    assert len(new_starts) >= 3
    book(room, new_starts[1] - timedelta(hours=1), new_starts[1] + timedelta(hours=1))  # one new date is taken
    assert extend_all_series() == 1
    assert event.dates.count() == before + len(new_starts)
    booked = {b.start for b in _holding(event=event)}
    assert len(booked) == before + len(new_starts) - 1
    assert new_starts[0] in booked
    assert new_starts[1] not in booked
