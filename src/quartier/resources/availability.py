"""The public availability of a resource: busy periods only, never who booked or why.

A month or a week is read with one query of the holding bookings' blocked periods (buffers
included) and laid out day by day in the site's time zone."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from quartier.resources.models import Booking, Resource

# A period is shown for at most this long around today (the feed too): older busy times say nothing.
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=400)


@dataclass
class Day:
    day: date
    in_month: bool = True
    busy: list[tuple[time, time | None]] = field(default_factory=list)  # end None: until midnight
    whole_day: bool = False


@dataclass
class Period:
    view: str  # "month" or "week"
    first: date
    last: date
    previous: date
    next: date
    weeks: list[list[Day]]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def busy_periods(resource: Resource, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Blocked periods of holding bookings that touch ``start``–``end`` (one query)."""
    return list(
        Booking.objects.filter(resource=resource)
        .holding()
        .overlapping(start, end)
        .order_by("blocked_start")
        .values_list("blocked_start", "blocked_end")
    )


def period(resource: Resource, view: str, day: date) -> Period:
    if view == "week":
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=6)
        previous, following = first - timedelta(days=7), first + timedelta(days=7)
        grid_first, grid_last = first, last
    else:
        view = "month"
        first = day.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        previous = (first - timedelta(days=1)).replace(day=1)
        following = last + timedelta(days=1)
        grid_first = first - timedelta(days=first.weekday())
        grid_last = last + timedelta(days=6 - last.weekday())
    days = []
    current = grid_first
    while current <= grid_last:
        days.append(Day(current, in_month=first <= current <= last))
        current += timedelta(days=1)
    by_day = {row.day: row for row in days}
    for blocked_start, blocked_end in busy_periods(resource, _aware(first), _aware(last + timedelta(days=1))):
        local_start, local_end = timezone.localtime(blocked_start), timezone.localtime(blocked_end)
        current = max(local_start.date(), first)
        while current <= min(local_end.date(), last):
            row = by_day[current]
            starts = local_start if local_start.date() == current else None
            ends = local_end if local_end.date() == current else None
            if starts is None and ends is None:
                row.whole_day = True
            elif not (ends is not None and starts is None and ends.time() == time.min):
                row.busy.append((starts.time() if starts else time.min, ends.time() if ends else None))
            current += timedelta(days=1)
    weeks = [days[index : index + 7] for index in range(0, len(days), 7)]
    return Period(view=view, first=first, last=last, previous=previous, next=following, weeks=weeks)
