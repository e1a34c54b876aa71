from __future__ import annotations

from datetime import datetime

from django.utils import timezone

YEAR = timezone.localdate().year - 1


def at(year: int, month: int = 6, day: int = 15, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))
