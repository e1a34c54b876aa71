"""Residents request, see and cancel their bookings; bad input keeps what was typed."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from quartier.resources.models import BookableBy, Booking, BookingStatus, Kind
from tests.conftest import signed_in
from tests.resources.conftest import at, book, make_resource

FORMAT = "%Y-%m-%dT%H:%M"


def _form(start, end, **extra):
    return {
        "start": start.strftime(FORMAT),
        "end": end.strftime(FORMAT),
        "purpose": "Dorffest",
        "phone": "0271 1",
        **extra,
    }


def test_visitors_are_asked_to_sign_in(client, resource):
    response = client.get(reverse("resources:book", kwargs={"slug": resource.slug}))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_resident_books_a_free_slot_and_sees_it(resource, confirmed_resident, django_capture_on_commit_callbacks):
    client = signed_in(confirmed_resident)
    url = reverse("resources:book", kwargs={"slug": resource.slug})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(at(2, 10), at(2, 12)))
    booking = Booking.objects.get()
    assert response["Location"] == booking.get_absolute_url()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.phone == "0271 1"
    assert len(mail.outbox) == 1
    page = client.get(booking.get_absolute_url())
    assert page.status_code == 200
    assert "Buchung stornieren" in page.content.decode()
    assert resource.name in client.get(reverse("resources:my_bookings")).content.decode()


def test_bad_input_gets_messages_on_its_fields_and_keeps_what_was_typed(district_a, confirmed_resident):
    room = make_resource(district_a, kind=Kind.ROOM, capacity=10)
    book(room, at(3, 10), at(3, 12))
    client = signed_in(confirmed_resident)
    url = reverse("resources:book", kwargs={"slug": room.slug})
    cases = [
        (_form(at(2, 12), at(2, 10), people=5), "Das Ende muss nach dem Beginn liegen."),
        (_form(at(2, 10), at(2, 12), people=11), "höchstens 10 Personen"),
        (_form(at(-2, 10), at(-2, 12), people=5), "Vergangenheit"),
        (_form(at(3, 11), at(3, 13), people=5), "nicht mehr frei"),
        ({"start": "gestern", "end": "", "purpose": "Dorffest"}, "Datum"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 200, message
        page = response.content.decode()
        assert message in page, message
        assert 'value="Dorffest"' in page
    assert Booking.objects.count() == 1


def test_staff_only_resources_send_residents_to_the_office(district_a, confirmed_resident):
    room = make_resource(district_a, bookable_by=BookableBy.STAFF)
    response = signed_in(confirmed_resident).get(reverse("resources:book", kwargs={"slug": room.slug}))
    assert response["Location"] == room.get_absolute_url()


def test_only_the_person_sees_and_cancels_their_booking(resource, confirmed_resident, staff_a):
    booking = book(resource, at(2, 10), at(2, 12), person=confirmed_resident, email=confirmed_resident.email)
    assert signed_in(staff_a).get(booking.get_absolute_url()).status_code == 404
    assert signed_in(staff_a).post(booking.get_absolute_url(), {}).status_code == 404
    client = signed_in(confirmed_resident)
    response = client.post(booking.get_absolute_url(), {"reason": "Fest fällt aus"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert response["Location"] == booking.get_absolute_url()
    assert client.post(booking.get_absolute_url(), {}).status_code == 200  # nothing left to cancel: says so


def test_private_booking_page_is_not_cached(resource, confirmed_resident):
    booking = book(resource, at(2, 10), at(2, 12), person=confirmed_resident)
    response = signed_in(confirmed_resident).get(booking.get_absolute_url())
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
