"""Helper calls on event pages and in the site's iCalendar feeds (termine/…ics)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from quartier.places.models import FieldOfAction
from quartier.volunteering.models import Shift
from quartier.volunteering.services import sign_up
from tests import factories

pytestmark = pytest.mark.django_db


def _vevents(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_event_page_shows_its_helper_calls_with_free_places_and_a_link(client, district_a):
    event = factories.make_event(district_a, title="Frühlingsmarkt")
    cake = factories.make_helper_call(district_a, title="Kuchenstand", event=event, shifts=2, people_needed=3)
    full = factories.make_helper_call(district_a, title="Aufbau", event=event, people_needed=1)
    sign_up(shifts=list(full.shifts.all()), name="A", email="a@example.org")
    sign_up(shifts=list(cake.shifts.all()[:1]), name="B", email="b@example.org")
    factories.make_helper_call(district_a, title="Entwurf", event=event, is_published=False)
    past = timezone.now() - timedelta(days=3)
    factories.make_helper_call(district_a, title="Vorbei", event=event, start=past)
    factories.make_helper_call(district_a, title="Anderes Fest", event=factories.make_event(district_a))
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{cake.get_absolute_url()}"' in html
    assert "Kuchenstand</a> –\n        5 Plätze frei" in html
    assert "Aufbau</a> –\n        alle Schichten sind besetzt" in html
    for hidden in ("Entwurf", "Vorbei", "Anderes Fest"):
        assert hidden not in html


def test_event_page_without_calls_has_no_helper_section(client, district_a):
    event = factories.make_event(district_a)
    assert "Helfen Sie mit" not in client.get(event.get_absolute_url()).content.decode()


def test_event_page_queries_do_not_grow_with_its_calls(client, district_a, django_assert_num_queries):
    event = factories.make_event(district_a)
    factories.make_helper_call(district_a, event=event, shifts=2)
    cache.clear()
    client.get(event.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(event.get_absolute_url()).status_code == 200
    count = len(few)  # the next request resets the query log
    for _ in range(8):
        factories.make_helper_call(district_a, event=event, shifts=3)
    cache.clear()
    client.get(event.get_absolute_url())
    with django_assert_num_queries(count):
        assert client.get(event.get_absolute_url()).status_code == 200


def test_the_site_feed_carries_each_shift_with_uid_link_and_place(client, district_a):
    event = factories.make_event(district_a, title="Herbstmarkt")
    call = factories.make_helper_call(district_a, title="Kuchenstand", shifts=2)
    factories.make_helper_call(district_a, title="Entwurf", is_published=False)
    vevents = _vevents(client, "/termine/kalender.ics")
    by_uid = {str(v["UID"]): v for v in vevents}
    assert f"event-{event.pk}@testserver" in by_uid
    shifts = list(call.shifts.order_by("start"))
    for shift in shifts:
        vevent = by_uid[f"shift-{shift.pk}@testserver"]
        assert str(vevent["SUMMARY"]) == "Helfergesuch: Kuchenstand"
        assert str(vevent["URL"]) == f"http://testserver{call.get_absolute_url()}#schicht-{shift.pk}"
        assert str(vevent["LOCATION"]) == f"Marktplatz, {district_a.name}"
        assert vevent.decoded("DTSTART") == shift.start
        assert vevent.decoded("DTEND") == shift.end
        assert "DTSTAMP" in vevent
    assert len(vevents) == 3  # the event and the two shifts; the unpublished call's shift is not there


def test_feeds_per_district_project_and_field_carry_the_shifts_in_them(client, district_a, district_b):
    project = factories.make_project(district_a, slug="ferienspiele")
    youth = FieldOfAction.objects.get_or_create(slug="jugend", defaults={"name": "Jugend"})[0]
    own = factories.make_helper_call(district_a, title="Betreuung", project=project)
    own.fields_of_action.add(youth)
    factories.make_helper_call(district_a, title="Kuchen", event=factories.make_event(district_a, project=project))
    factories.make_helper_call(district_b, title="Anderswo")

    def shift_titles(url: str) -> set[str]:
        return {str(v["SUMMARY"]) for v in _vevents(client, url) if str(v["UID"]).startswith("shift-")}

    assert shift_titles(f"/termine/ortsteil/{district_a.slug}.ics") == {
        "Helfergesuch: Betreuung",
        "Helfergesuch: Kuchen",
    }
    assert shift_titles(f"/termine/ortsteil/{district_b.slug}.ics") == {"Helfergesuch: Anderswo"}
    assert shift_titles("/termine/projekt/ferienspiele.ics") == {"Helfergesuch: Betreuung", "Helfergesuch: Kuchen"}
    assert shift_titles("/termine/handlungsfeld/jugend.ics") == {"Helfergesuch: Betreuung"}


def test_long_past_shifts_are_not_in_the_feed(client, district_a):
    long_ago = timezone.now() - timedelta(days=200)
    factories.make_helper_call(district_a, title="Alt", start=long_ago)
    assert _vevents(client, "/termine/kalender.ics") == []


@pytest.mark.parametrize("url", ["/termine/kalender.ics", "/termine/ortsteil/{slug}.ics"])
def test_feed_queries_do_not_grow_with_shifts_and_events(client, district_a, django_assert_num_queries, url):
    url = url.format(slug=district_a.slug)
    factories.make_event(district_a)
    factories.make_helper_call(district_a, shifts=2)
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    count = len(few)
    for _ in range(5):
        factories.make_event(district_a, rrule="FREQ=WEEKLY;COUNT=4")
        factories.make_helper_call(district_a, shifts=4)
    assert Shift.objects.count() == 22
    cache.clear()
    client.get(url)
    with django_assert_num_queries(count):
        assert len(_vevents(client, url)) == 6 + 22
