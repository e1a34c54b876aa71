from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.places.models import FieldOfAction
from tests import factories
from tests.pages import page_link


def test_calendar_lists_upcoming_published_dates_only(client, district_a):
    factories.make_event(district_a, title="Spieleabend")
    factories.make_event(district_a, title="Vorschlag", is_published=False)
    past = timezone.now() - timedelta(days=3)
    factories.make_event(district_a, title="Vorbei", start=past, end=past + timedelta(hours=1))
    html = client.get("/termine/").content.decode()
    assert "Spieleabend" in html
    assert "Vorschlag" not in html
    assert "Vorbei" not in html


def test_calendar_filters_by_district_field_and_free_places(client, district_a, district_b):
    youth = FieldOfAction.objects.get_or_create(slug="jugend", defaults={"name": "Jugend"})[0]
    in_a = factories.make_event(district_a, title="Jugendtreff")
    in_a.fields_of_action.add(youth)
    factories.make_event(district_b, title="Seniorencafé")
    full = factories.make_event(district_b, title="Ausgebucht", registration_required=True, capacity=1)
    full.dates.update(places_taken=1)
    html = client.get("/termine/?district=alchen").content.decode()
    assert "Jugendtreff" in html
    assert "Seniorencafé" not in html
    assert 'href="/termine/ortsteil/alchen.ics"' in html
    html = client.get("/termine/?field=jugend").content.decode()
    assert "Jugendtreff" in html
    assert "Seniorencafé" not in html
    html = client.get("/termine/?free=on").content.decode()
    assert "Seniorencafé" in html
    assert "Ausgebucht" not in html


def test_calendar_search_and_bad_filter_values_do_not_fail(client, district_a):
    factories.make_event(district_a, title="Herbstmarkt")
    factories.make_event(district_a, title="Spieleabend")
    html = client.get("/termine/?q=markt").content.decode()
    assert "Herbstmarkt" in html
    assert "Spieleabend" not in html
    assert client.get("/termine/?district=atlantis&date=gestern&page=999").status_code == 200


def test_calendar_announces_its_icalendar_feed(client, town):
    html = client.get("/termine/").content.decode()
    assert '<link rel="alternate" type="text/calendar"' in html


def _fill(district, count):
    project = factories.make_project(district)
    for _ in range(count):
        factories.make_event(district, project=project, registration_required=True, capacity=10)


def test_calendar_query_count_does_not_grow_with_events(client, district_a, no_page_cache, django_assert_num_queries):
    _fill(district_a, 3)
    client.get("/termine/")  # warm the per-process caches (town, layout)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/termine/").status_code == 200
    _fill(district_a, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/termine/").status_code == 200


@pytest.mark.parametrize("query", ["", "?district=alchen&free=on&q=Veranstaltung"])
def test_calendar_stays_within_a_fixed_number_of_queries(client, district_a, query, django_assert_max_num_queries):
    _fill(district_a, 30)
    with django_assert_max_num_queries(8):
        client.get(f"/termine/{query}")


def test_calendar_pages_by_cursor_through_dates_at_the_same_time(client, district_a, django_assert_max_num_queries):
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=18, minute=0, second=0, microsecond=0)
    # 30 dates at only three different times: the cursor's second part (the pk) separates them.
    for number in range(30):
        factories.make_event(district_a, title=f"Termin {number:02d}", start=start + timedelta(days=number // 10))
    cache.clear()
    with django_assert_max_num_queries(6):  # 5, and the data version of the page cache
        first = client.get("/termine/?free=").content.decode()
    with django_assert_max_num_queries(6):
        second = client.get("/termine/" + page_link(first)).content.decode()
    titles = [f"Termin {number:02d}<" for number in range(30)]
    assert [t for t in titles if t in first] == titles[:25]
    assert [t for t in titles if t in second] == titles[25:]
    assert "Spätere Termine" not in second
    assert [t for t in titles if t in client.get("/termine/" + page_link(second, "prev")).content.decode()] == titles[
        :25
    ]


def test_a_cached_card_shows_an_edit_and_registrations_on_the_next_request(client, district_a):
    event = factories.make_event(district_a, title="Spieleabend", registration_required=True, capacity=10)
    assert "Noch 10 Plätze frei" in client.get("/termine/").content.decode()
    event.title = "Großer Spieleabend"
    event.save()
    event.dates.update(places_taken=9)
    html = client.get("/termine/").content.decode()
    assert "Großer Spieleabend" in html
    assert "Noch 1 Platz frei" in html
