from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from quartier.events.services import change_date
from quartier.places.models import FieldOfAction
from tests import factories


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_feed_parses_and_has_uid_dtstamp_and_url(client, district_a):
    event = factories.make_event(district_a, title="Herbstmarkt")
    calendar = _parse(client.get("/termine/kalender.ics"))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Herbstmarkt"
    assert str(vevent["UID"]) == f"event-{event.pk}@testserver"
    assert "DTSTAMP" in vevent
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert vevent.decoded("DTSTART") == event.start


def test_series_has_rrule_exdate_and_moved_date(client, district_a):
    event = factories.make_event(district_a, rrule="FREQ=WEEKLY;COUNT=5")
    dates = list(event.dates.order_by("start"))
    assert len(dates) == 5
    change_date(event_date=dates[1], start=dates[1].start, end=dates[1].end, status="cancelled", reason="Ferien")
    moved_start = dates[2].start + timedelta(hours=1)
    change_date(
        event_date=dates[2], start=moved_start, end=moved_start + timedelta(hours=2), status="scheduled", reason=""
    )
    calendar = _parse(client.get("/termine/kalender.ics"))
    master, moved = calendar.walk("VEVENT")
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert master["RRULE"]["COUNT"] == [5]
    exdates = [item.dt for item in master["EXDATE"].dts]
    assert exdates == [dates[1].original_start]
    assert moved.decoded("RECURRENCE-ID") == dates[2].original_start
    assert moved.decoded("DTSTART") == moved_start
    assert calendar.walk("VTIMEZONE")


def test_feeds_per_district_project_and_field(client, district_a, district_b):
    project = factories.make_project(district_a, slug="ferienspiele")
    youth = FieldOfAction.objects.get_or_create(slug="jugend", defaults={"name": "Jugend"})[0]
    in_a = factories.make_event(district_a, title="In A", project=project)
    in_a.fields_of_action.add(youth)
    factories.make_event(district_b, title="In B")
    for url in (
        "/termine/ortsteil/alchen.ics",
        "/termine/projekt/ferienspiele.ics",
        "/termine/handlungsfeld/jugend.ics",
    ):
        titles = [str(v["SUMMARY"]) for v in _parse(client.get(url)).walk("VEVENT")]
        assert titles == ["In A"], url
    assert client.get("/termine/ortsteil/atlantis.ics").status_code == 404


def test_unpublished_and_long_past_events_are_not_in_the_feed(client, district_a):
    factories.make_event(district_a, title="Vorschlag", is_published=False)
    long_ago = timezone.now() - timedelta(days=200)
    factories.make_event(district_a, title="Alt", start=long_ago, end=long_ago + timedelta(hours=1))
    assert _parse(client.get("/termine/kalender.ics")).walk("VEVENT") == []


def test_single_event_feed_for_add_to_calendar(client, district_a):
    event = factories.make_event(district_a, title="Caritassonntag")
    (vevent,) = _parse(client.get(f"/termine/{event.pk}/kalender.ics")).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Caritassonntag"


def test_registered_calendar_sources_add_their_entries_in_the_feeds_scope(client, district_a, district_b):
    from quartier.events.calendar_sources import CalendarEntry, CalendarSource, calendar_sources
    from tests.registered import registered

    factories.make_event(district_a, title="Herbstmarkt")
    scopes = []
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)

    def entries(scope):
        scopes.append(scope)
        return [CalendarEntry(uid="probe-1", start=start, end=start + timedelta(hours=1), summary="Probe", url="/x/")]

    with registered(calendar_sources, CalendarSource(name="probe", entries=entries)):
        vevents = _parse(client.get("/termine/kalender.ics")).walk("VEVENT")
        assert [str(v["SUMMARY"]) for v in vevents] == ["Herbstmarkt", "Probe"]
        probe = vevents[1]
        assert str(probe["UID"]) == "probe-1@testserver"
        assert str(probe["URL"]) == "http://testserver/x/"
        assert probe.decoded("DTSTART") == start
        client.get(f"/termine/ortsteil/{district_b.slug}.ics")
        event = factories.make_event(district_a)
        client.get(f"/termine/{event.pk}/kalender.ics")  # one event's file: no other entries
    assert [scope.district for scope in scopes] == [None, district_b]
    assert scopes[0].since < timezone.now() - timedelta(days=89)
