"""The list with its filters, a resource's page with the availability calendar (busy times
only), the busy-times feed and the district page's section."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from quartier.resources.models import Booking, BookingStatus, Kind, Resource
from tests import factories
from tests.resources.conftest import at, book, make_resource


def test_list_filters_by_district_kind_search_and_free_period(client, district_a, district_b):
    kiste = make_resource(district_a, name="Spielekiste")
    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM, capacity=20)
    make_resource(district_b, name="Wohnwagen")
    make_resource(district_a, name="Alter Beamer", is_active=False)
    book(kiste, at(3, 10), at(3, 12))

    def names(**query):
        response = client.get(reverse("resources:list"), query)
        assert response.status_code == 200
        return [resource.name for resource in response.context["page"]]

    assert names() == ["Jugendraum", "Spielekiste", "Wohnwagen"]
    assert names(district=district_b.slug) == ["Wohnwagen"]
    assert names(kind="room") == ["Jugendraum"]
    assert names(q="kiste") == ["Spielekiste"]
    free = {"free_from": at(3, 11).strftime("%Y-%m-%dT%H:%M"), "free_until": at(3, 13).strftime("%Y-%m-%dT%H:%M")}
    assert names(**free) == ["Jugendraum", "Wohnwagen"]
    assert room.name in names(free_from="kaputt", district="nirgends")


def test_half_a_free_period_says_what_is_missing(client, district_a):
    make_resource(district_a)
    response = client.get(reverse("resources:list"), {"free_from": at(3, 11).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 200
    assert "Bitte geben Sie Beginn und Ende an." in response.content.decode()


def test_calendar_shows_busy_times_never_who_booked(client, resource, resident):
    book(resource, at(1, 10), at(1, 12), name="Erika Geheim", purpose="Geburtstag von Kalle", person=resident)
    book(resource, at(1, 14), at(1, 15), status=BookingStatus.DECLINED, name="Abgelehnt")
    day = at(1, 10).date()
    response = client.get(resource.get_absolute_url(), {"view": "week", "date": day.isoformat()})
    page = response.content.decode()
    assert "belegt 10:00–12:00" in page
    assert "14:00" not in page
    for secret in ("Erika", "Geheim", "Kalle", "Abgelehnt", resident.email):
        assert secret not in page


def test_month_view_marks_days_in_the_middle_of_a_long_booking_as_busy_all_day(client, resource):
    book(resource, at(1, 10), at(4, 12))
    day = at(1, 10).date()
    response = client.get(resource.get_absolute_url(), {"view": "week", "date": day.isoformat()})
    weeks = response.context["calendar"].weeks
    days = {row.day: row for week in weeks for row in week}
    middle = at(2, 0).date()
    if middle in days:
        assert days[middle].whole_day
    response = client.get(resource.get_absolute_url(), {"date": day.isoformat()})
    assert response.context["calendar"].view == "month"
    assert "ganztägig belegt" in response.content.decode()


def test_nonsense_calendar_parameters_show_this_month(client, resource):
    response = client.get(resource.get_absolute_url(), {"view": "jahr", "date": "0001-01-01"})
    assert response.status_code == 200
    assert response.context["calendar"].view == "month"


def test_feed_lists_busy_times_without_names(client, resource):
    booking = book(resource, at(1, 10), at(1, 12), name="Erika Geheim", purpose="Feier")
    book(resource, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    response = client.get(reverse("resources:feed", kwargs={"slug": resource.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Belegt"]
    assert events[0]["uid"] == f"booking-{booking.pk}@testserver"
    assert b"Erika" not in response.content
    assert b"Feier" not in response.content


def test_district_page_lists_its_resources(client, district_a, district_b):
    make_resource(district_a, name="Spielekiste Alchen")
    make_resource(district_b, name="Wohnwagen Bühl")
    page = client.get(district_a.get_absolute_url()).content.decode()
    assert "Spielekiste Alchen" in page
    assert "Wohnwagen Bühl" not in page


def test_hidden_resources_have_no_page(client, district_a):
    hidden = make_resource(district_a, is_active=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def _page_queries(client, urls) -> list[int]:
    counts = []
    for url, query in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, query).status_code == 200
        counts.append(len(context))
    return counts


def test_queries_stay_constant_with_1000_resources_and_100000_bookings(client, district_a, district_b):
    resource = make_resource(district_a, name="AAA Spielekiste")
    book(resource, at(1, 10), at(1, 12))
    period = {"free_from": at(3, 9).strftime("%Y-%m-%dT%H:%M"), "free_until": at(3, 13).strftime("%Y-%m-%dT%H:%M")}
    urls = [
        (reverse("resources:list"), {}),
        (reverse("resources:list"), period),
        (resource.get_absolute_url(), {}),
        (resource.get_absolute_url(), {"view": "week"}),
        (reverse("resources:feed", kwargs={"slug": resource.slug}), {}),
    ]
    few = _page_queries(client, urls)
    assert max(few) <= 8

    others = Resource.objects.bulk_create(
        Resource(district=district_a if n % 2 else district_b, name=f"Ding {n:04}", slug=f"ding-{n}", summary="x")
        for n in range(999)
    )
    rows = []
    for index in range(100_000):
        owner = resource if index < 400 else others[index % len(others)]
        start = at(-200, 0) + timedelta(hours=6 * (index // len(others)) if owner is not resource else 24 * index)
        end = start + timedelta(hours=2)
        rows.append(
            Booking(
                resource=owner,
                start=start,
                end=end,
                blocked_start=start,
                blocked_end=end,
                status=BookingStatus.CONFIRMED,
            )
        )
    Booking.objects.bulk_create(rows, batch_size=5000)
    assert _page_queries(client, urls) == few


def test_not_a_town_wide_slug(client, district_a):
    factories.make_district("Heisberg", slug="heisberg")
    assert client.get(reverse("resources:detail", kwargs={"slug": "gibt-es-nicht"})).status_code == 404
