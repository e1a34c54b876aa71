"""The cockpit's bookings: only the staff member's districts, by URL guessing neither."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.resources.models import Booking, BookingStatus
from tests.conftest import signed_in
from tests.images import image_bytes
from tests.resources.conftest import at, book, make_resource

FORMAT = "%Y-%m-%dT%H:%M"


def test_cockpit_lists_only_the_staff_members_districts(district_a, district_b, staff_a):
    mine = make_resource(district_a, name="Kiste Alchen")
    theirs = make_resource(district_b, name="Wagen Bühl")
    book(mine, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    book(theirs, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    book(mine, at(-3, 10), at(-1, 10), status=BookingStatus.HANDED_OVER)
    page = signed_in(staff_a).get(reverse("resources:cockpit")).content.decode()
    assert "Kiste Alchen" in page
    assert "Wagen Bühl" not in page
    assert "überfällig" in page


def test_cockpit_tiles_count_requests_handovers_and_overdue(district_a, district_b, staff_a):
    from quartier.resources.hooks import handovers_today, overdue_items, requests_to_decide

    mine = make_resource(district_a)
    theirs = make_resource(district_b)
    book(mine, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    book(theirs, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    book(mine, at(0, 23, 30), at(1, 10))  # pick-up today
    book(mine, at(-3, 10), at(-1, 10), status=BookingStatus.HANDED_OVER)
    assert requests_to_decide(staff_a) == 1
    assert handovers_today(staff_a) == 1
    assert overdue_items(staff_a) == 1


def test_other_districts_staff_cannot_open_or_act_on_a_booking(district_a, staff_b):
    resource = make_resource(district_a, requires_approval=True)
    booking = book(resource, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    client = signed_in(staff_b)
    assert client.get(booking.get_staff_url()).status_code == 404
    assert client.post(booking.get_staff_url(), {"action": "approve"}).status_code == 404
    assert client.get(reverse("resources:book_for", kwargs={"slug": resource.slug})).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_staff_approve_hand_over_and_take_back(district_a, staff_a, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    resource = make_resource(district_a, requires_approval=True, contents="Brett\nSteine")
    booking = book(resource, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    client = signed_in(staff_a)
    assert client.get(booking.get_staff_url()).status_code == 200
    assert client.post(booking.get_staff_url(), {"action": "approve"}).status_code == 302
    response = client.post(
        booking.get_staff_url(), {"action": "handover", "handover-present": ["Brett"], "handover-deposit": "on"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HANDED_OVER
    assert booking.handover_missing == "Steine"
    assert booking.deposit_received
    photo = image_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        booking.get_staff_url(),
        {
            "action": "return",
            "return-present": ["Brett", "Steine"],
            "return-damage_report": "Brett gesprungen",
            "return-damage_photo": SimpleUploadedFile("schaden.jpg", photo, content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RETURNED
    assert booking.damage_report == "Brett gesprungen"
    assert str(booking.damage_photo.name).startswith("resources/damage/")
    assert not booking.deposit_returned
    page = client.get(booking.get_staff_url()).content.decode()
    assert "Brett gesprungen" in page


def test_a_refused_step_shows_why(district_a, staff_a):
    resource = make_resource(district_a, requires_approval=True)
    book(resource, at(2, 10), at(2, 12))
    booking = book(resource, at(2, 11), at(2, 13), status=BookingStatus.REQUESTED)
    client = signed_in(staff_a)
    response = client.post(booking.get_staff_url(), {"action": "approve"})
    assert response.status_code == 400
    assert "nicht mehr frei" in response.content.decode()
    response = client.post(booking.get_staff_url(), {"action": "decline", "reason": ""})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_staff_book_for_someone_at_the_counter(district_a, staff_a):
    resource = make_resource(district_a, requires_approval=True)
    client = signed_in(staff_a)
    url = reverse("resources:book_for", kwargs={"slug": resource.slug})
    data = {"start": at(2, 10).strftime(FORMAT), "end": at(2, 12).strftime(FORMAT), "purpose": "Fest"}
    response = client.post(url, data)
    assert "Bitte geben Sie an, für wen Sie buchen" in response.content.decode()
    response = client.post(url, {**data, "name": "Herr Theke", "phone": "0271 2"})
    booking = Booking.objects.get()
    assert response["Location"] == booking.get_staff_url()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.booked_by == staff_a


def test_cockpit_and_booking_page_queries_do_not_grow(district_a, staff_a):
    resource = make_resource(district_a, contents="Brett\nSteine")
    client = signed_in(staff_a)

    def queries(url):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    first = book(resource, at(1, 10), at(1, 11), status=BookingStatus.REQUESTED)
    small = queries(reverse("resources:cockpit")), queries(first.get_staff_url())
    for day in range(2, 30):
        booking = book(resource, at(day, 10), at(day, 11), status=BookingStatus.REQUESTED)
        booking.history.create(status=BookingStatus.REQUESTED, by=staff_a)
        make_resource(district_a)
    first.history.create(status=BookingStatus.REQUESTED, by=staff_a)
    assert (queries(reverse("resources:cockpit")), queries(first.get_staff_url())) == small


def test_utilisation_sums_booked_hours_per_month(district_a, district_b, staff_a):
    from datetime import datetime

    from django.utils import timezone

    resource = make_resource(district_a, name="Kiste Alchen")
    make_resource(district_b, name="Wagen Bühl")
    start = timezone.make_aware(datetime(2025, 3, 31, 22))
    book(resource, start, timezone.make_aware(datetime(2025, 4, 1, 4)), status=BookingStatus.RETURNED)
    book(
        resource,
        timezone.make_aware(datetime(2025, 4, 2, 10)),
        timezone.make_aware(datetime(2025, 4, 2, 12)),
        status=BookingStatus.CANCELLED,
    )
    response = signed_in(staff_a).get(reverse("resources:utilisation"), {"year": "2025"})
    rows = response.context["rows"]
    assert [row.resource.name for row in rows] == ["Kiste Alchen"]
    assert rows[0].hours[2] == 2.0
    assert rows[0].hours[3] == 4.0
    assert signed_in(staff_a).get(reverse("resources:utilisation"), {"year": "nonsense"}).status_code == 200


def test_weekly_room_use_lists_collisions_then_books_the_free_dates(
    district_a, staff_a, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.template.defaultfilters import date as date_filter

    room = make_resource(district_a, name="Jugendraum")
    book(room, at(9, 19), at(9, 20))
    client = signed_in(staff_a)
    url = reverse("resources:book_for", kwargs={"slug": room.slug})
    data = {
        "name": "Jugendgruppe",
        "email": "gruppe@example.org",
        "start": at(2, 18).strftime(FORMAT),
        "end": at(2, 21).strftime(FORMAT),
        "purpose": "Gruppenabend",
        "repeat": "weekly",
    }
    response = client.post(url, data)
    assert "Bitte geben Sie ein Enddatum oder eine Anzahl an." in response.content.decode()
    response = client.post(url, {**data, "repeat_count": "4"})
    page = response.content.decode()
    assert "Diese Termine der Reihe sind schon belegt" in page
    assert date_filter(at(9, 18), "DATETIME_FORMAT") in page
    assert 'value="Gruppenabend"' in page
    assert Booking.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "repeat_count": "4", "skip_collisions": "on"})
    assert response.status_code == 302
    assert Booking.objects.filter(series__isnull=False).count() == 3
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("- ") >= 3


def test_staff_keep_resources_of_their_districts_only(district_a, district_b, staff_a, staff_b):
    from quartier.resources.models import Resource

    client = signed_in(staff_a)
    data = {
        "district": district_a.pk,
        "kind": "room",
        "name": "Bürgertreff Übungsraum",
        "summary": "Ein Raum",
        "capacity": "30",
        "bookable_by": "residents",
        "buffer_before": "0",
        "buffer_after": "30",
        "min_minutes": "120",
        "max_minutes": "60",
        "max_days_ahead": "180",
        "handover_from": "08:00",
    }
    response = client.post(reverse("resources:resource_create"), data)
    page = response.content.decode()
    assert "Die längste Buchung darf nicht kürzer sein als die kürzeste." in page
    assert "Bitte geben Sie beide Uhrzeiten an." in page
    assert 'value="Bürgertreff Übungsraum"' in page
    response = client.post(
        reverse("resources:resource_create"), {**data, "max_minutes": "600", "handover_until": "22:00"}
    )
    room = Resource.objects.get()
    assert response["Location"] == room.get_absolute_url()
    assert room.slug == "buergertreff-uebungsraum"
    # Another district's staff neither see its form nor move it into their district.
    other = signed_in(staff_b)
    assert other.get(reverse("resources:resource_edit", kwargs={"slug": room.slug})).status_code == 404
    response = other.post(
        reverse("resources:resource_create"), {**data, "max_minutes": "600", "handover_until": "22:00"}
    )
    assert "district" in response.context["form"].errors
    assert Resource.objects.count() == 1
    response = client.post(
        reverse("resources:resource_edit", kwargs={"slug": room.slug}),
        {**data, "district": district_b.pk, "max_minutes": "600", "handover_until": "22:00"},
    )
    room.refresh_from_db()
    assert room.district == district_a
