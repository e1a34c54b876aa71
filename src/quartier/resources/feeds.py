"""The iCalendar (RFC 5545) feed of a resource's busy times: "belegt" and nothing about who."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from quartier.resources.availability import FEED_FUTURE, FEED_PAST
from quartier.resources.models import Booking, Resource


def busy_calendar(resource: Resource, *, base_url: str, host: str) -> bytes:
    now = timezone.now()
    rows = (
        Booking.objects.filter(resource=resource)
        .holding()
        .overlapping(now - FEED_PAST, now + FEED_FUTURE)
        .order_by("blocked_start")
        .values_list("pk", "blocked_start", "blocked_end")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Quartier//Ausleihe//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", " ".join((_("Belegung: %(name)s") % {"name": resource.name}).split()))
    url = base_url.rstrip("/") + resource.get_absolute_url()
    for pk, start, end in rows:
        event = VEvent()
        event.add("uid", f"booking-{pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", timezone.localtime(start))
        event.add("dtend", timezone.localtime(end))
        event.add("summary", _("Belegt"))
        event.add("transp", "OPAQUE")
        event.add("url", url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
