"""Series: build an RFC 5545 RRULE from the staff form's choices, and expand it to dates.

Rules are expanded in the town's time zone so that a game evening at 18:00 stays at 18:00
across daylight-saving changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils import timezone

FREQUENCIES = ("weekly", "biweekly", "monthly")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HORIZON_DAYS = 400  # dates are materialised this far ahead; `quartier extend_event_dates` moves it on
MAX_DATES = 200


def build_rrule(*, frequency: str, start: datetime, until: date | None = None, count: int | None = None) -> str:
    """The RRULE for a weekly, fortnightly or monthly series beginning at `start`."""
    local = timezone.localtime(start)
    weekday = WEEKDAYS[local.weekday()]
    if frequency == "weekly":
        parts = ["FREQ=WEEKLY", f"BYDAY={weekday}"]
    elif frequency == "biweekly":
        parts = ["FREQ=WEEKLY", "INTERVAL=2", f"BYDAY={weekday}"]
    elif frequency == "monthly":
        nth = (local.day - 1) // 7 + 1  # the first, second, … such weekday of the month
        parts = ["FREQ=MONTHLY", f"BYDAY={nth if nth < 5 else -1}{weekday}"]
    else:
        raise ValueError(frequency)
    if count:
        parts.append(f"COUNT={count}")
    elif until:
        # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC.
        end_of_day = timezone.make_aware(datetime.combine(until, time(23, 59, 59)))
        parts.append(f"UNTIL={end_of_day.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def parse_rrule(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def describe_frequency(rule: str) -> str:
    parts = parse_rrule(rule)
    if parts.get("FREQ") == "MONTHLY":
        return "monthly"
    if parts.get("FREQ") == "WEEKLY":
        return "biweekly" if parts.get("INTERVAL") == "2" else "weekly"
    return ""


def rule_until(rule: str) -> date | None:
    until = parse_rrule(rule).get("UNTIL")
    if not until:
        return None
    moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=ZoneInfo("UTC"))
    return timezone.localtime(moment).date()


def expand(rule: str, start: datetime, *, horizon: datetime | None = None) -> list[datetime]:
    """The start times of a series up to the horizon (at most MAX_DATES), aware, in order."""
    local_start = timezone.localtime(start)
    if not rule:
        return [local_start]
    horizon = horizon or timezone.now() + timedelta(days=HORIZON_DAYS)
    starts: list[datetime] = []
    for moment in rrulestr(rule, dtstart=local_start):
        if moment > horizon or len(starts) >= MAX_DATES:
            break
        # dateutil keeps the wall-clock time; normalise the offset for that day (DST).
        starts.append(timezone.localtime(timezone.make_aware(moment.replace(tzinfo=None))))
    return starts
