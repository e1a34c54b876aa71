"""When an inquiry's first answer is due: a number of working days (Monday to Friday) after it came in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def add_working_days(start: date, days: int) -> date:
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def response_due(created_at: datetime) -> datetime:
    """The moment an unanswered inquiry becomes overdue: the day after its last working day begins."""
    local_day = timezone.localtime(created_at).date()
    return _start_of(add_working_days(local_day, settings.INQUIRY_RESPONSE_DAYS) + timedelta(days=1))


def overdue_cutoff(now: datetime) -> datetime:
    """Inquiries that came in before this moment are overdue now (if unanswered).

    The due day grows with the day an inquiry came in, so the latest such day is found
    by walking back from today; at most the target plus a few weekend days.
    """
    today = timezone.localtime(now).date()
    day = today
    while add_working_days(day, settings.INQUIRY_RESPONSE_DAYS) >= today:
        day -= timedelta(days=1)
    return _start_of(day + timedelta(days=1))
