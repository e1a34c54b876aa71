"""iCalendar (RFC 5545): one VEVENT per shift, for a call's page, one shift and all open calls."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from quartier.core.links import absolute_url
from quartier.volunteering.models import Shift


def ics_response(shifts: Iterable[Shift], request: HttpRequest, *, name: str, filename: str) -> HttpResponse:
    """``shifts`` with their call and its district selected."""
    calendar = Calendar()
    calendar.add("prodid", "-//Quartier//Engagement//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", " ".join(name.split()))
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for shift in shifts:
        call = shift.call
        vevent = VEvent()
        vevent.add("uid", f"shift-{shift.pk}@{host}")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", timezone.localtime(shift.start))
        vevent.add("dtend", timezone.localtime(shift.end))
        vevent.add("summary", call.title)
        vevent.add(
            "location", ", ".join(part for part in (shift.place, call.district.name if call.district else "") if part)
        )
        vevent.add("url", absolute_url(shift.get_absolute_url()))
        vevent.add("last-modified", call.updated_at)
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
