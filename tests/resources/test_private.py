"""Pages with a person's bookings are kept by no cache; the utilisation's CSV is neutralised;
residents' booking requests are limited per hour."""

from __future__ import annotations

from django.urls import reverse

from quartier.resources import views
from quartier.resources.models import Booking, BookingStatus
from tests.conftest import signed_in
from tests.resources.conftest import at, book
from tests.test_private_pages import assert_private, csv_rows


def test_booking_pages_are_private(resource, confirmed_resident, staff_a):
    booking = book(resource, at(2, 10), at(2, 12), person=confirmed_resident, name="Rita")
    resident = signed_in(confirmed_resident)
    assert_private(resident.get(booking.get_absolute_url()))
    assert_private(resident.get(reverse("resources:my_bookings")))
    staff = signed_in(staff_a)
    assert_private(staff.get(reverse("resources:cockpit")))
    assert_private(staff.get(booking.get_staff_url()))


def test_utilisation_csv(resource, staff_a):
    resource.name = "=Spielekiste"
    resource.save(update_fields=["name"])
    book(resource, at(-400, 10), at(-400, 12), status=BookingStatus.RETURNED)
    year = at(-400, 10).year
    response = signed_in(staff_a).get(reverse("resources:utilisation"), {"year": str(year), "format": "csv"})
    assert_private(response)
    rows = csv_rows(response)
    assert rows[0][:3] == ["Ausleihe", "Ortsteil", f"{year}-01 h"]
    assert rows[1][0] == "'=Spielekiste"
    assert "2.0" in rows[1]


def test_residents_request_at_most_so_many_bookings_an_hour(resource, confirmed_resident, monkeypatch):
    monkeypatch.setattr(views, "BOOKINGS_PER_HOUR", 2)
    client = signed_in(confirmed_resident)
    url = reverse("resources:book", kwargs={"slug": resource.slug})
    for day in (2, 3):
        data = {
            "start": at(day, 10).strftime("%Y-%m-%dT%H:%M"),
            "end": at(day, 12).strftime("%Y-%m-%dT%H:%M"),
            "purpose": "Fest",
        }
        assert client.post(url, data).status_code == 302
    data = {
        "start": at(4, 10).strftime("%Y-%m-%dT%H:%M"),
        "end": at(4, 12).strftime("%Y-%m-%dT%H:%M"),
        "purpose": "Fest",
    }
    response = client.post(url, data)
    assert response.status_code == 429
    assert "später noch einmal" in response.content.decode()
    assert 'value="Fest"' in response.content.decode()
    assert Booking.objects.count() == 2
