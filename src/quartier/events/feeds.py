"""iCalendar (RFC 5545) feeds: one VEVENT per event, series with RRULE and EXDATE, and a
VEVENT with RECURRENCE-ID for each moved date; then one VEVENT per entry other apps
contribute through ``calendar_sources`` (helper calls' shifts)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from quartier.events.calendar_sources import CalendarEntry
from quartier.events.models import Event, EventStatus

FEED_PAST = timedelta(days=90)  # a feed keeps what ended up to this long ago

STATUS: dict[str, str] = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


def feed_events(events: QuerySet[Event] | None = None) -> list[Event]:
    """Published events not older than 90 days, with their dates (two queries)."""
    queryset = Event.objects.published() if events is None else events
    since = timezone.now() - FEED_PAST
    return list(
        queryset.filter(dates__end__gte=since)
        .distinct()
        .select_related("district")
        .prefetch_related("dates")
        .order_by("start")
    )


def build_calendar(
    events: Iterable[Event], *, name: str, base_url: str, host: str, entries: Iterable[CalendarEntry] = ()
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Quartier//Termine//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is written as it is: a line break in an event's title would break the file.
    calendar.add("x-wr-calname", " ".join(name.split()))
    stamp = timezone.now()
    for event in events:
        dates = list(event.dates.all())
        master = _vevent(event, event.start, event.end, stamp, base_url, host, status=event.status)
        if event.rrule:
            master.add("rrule", _rrule(event.rrule))
            exdates = [row.original_start for row in dates if row.status == EventStatus.CANCELLED]
            if exdates:
                master.add("exdate", exdates)
        calendar.add_component(master)
        if event.rrule:
            for row in dates:
                if row.is_moved and row.status != EventStatus.CANCELLED:
                    moved = _vevent(event, row.start, row.end, stamp, base_url, host, status=row.status)
                    moved.add("recurrence-id", row.original_start)
                    calendar.add_component(moved)
        elif dates and dates[0].status == EventStatus.CANCELLED:
            master["status"] = "CANCELLED"
    for entry in entries:
        calendar.add_component(_entry_vevent(entry, stamp, base_url, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _rrule(rule: str) -> vRecur:
    return vRecur.from_ical(rule)


def _vevent(event: Event, start, end, stamp, base_url: str, host: str, *, status: str) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", timezone.localtime(start))
    vevent.add("dtend", timezone.localtime(end))
    vevent.add("summary", event.title)
    vevent.add("description", event.summary)
    vevent.add("location", ", ".join(part for part in (event.venue, event.address, event.district.name) if part))
    vevent.add("url", base_url.rstrip("/") + event.get_absolute_url())
    vevent.add("status", STATUS.get(status, "CONFIRMED"))
    vevent.add("last-modified", event.updated_at)
    return vevent


def _entry_vevent(entry: CalendarEntry, stamp, base_url: str, host: str) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"{entry.uid}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", timezone.localtime(entry.start))
    vevent.add("dtend", timezone.localtime(entry.end))
    vevent.add("summary", entry.summary)
    if entry.description:
        vevent.add("description", entry.description)
    if entry.location:
        vevent.add("location", entry.location)
    vevent.add("url", base_url.rstrip("/") + entry.url)
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.last_modified is not None:
        vevent.add("last-modified", entry.last_modified)
    return vevent
