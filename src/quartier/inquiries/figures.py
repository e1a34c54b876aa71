"""Response-time figures per district: open, overdue, median days to the first answer and to closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from quartier.core.reporting import median_seconds
from quartier.inquiries.deadlines import overdue_cutoff
from quartier.inquiries.models import Inquiry

PERIOD = timedelta(days=365)
DAY = 86400


@dataclass
class DistrictFigures:
    district: Any
    open: int = 0
    overdue: int = 0
    median_first_response_days: float | None = None
    median_closing_days: float | None = None


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / DAY, 1)


def district_figures(districts: list[Any], now: datetime | None = None) -> list[DistrictFigures]:
    """Three queries for any number of districts; medians over the inquiries of the last twelve
    months, computed in the database."""
    now = now or timezone.now()
    ids = [district.pk for district in districts]
    counts: dict[int, dict[str, Any]] = {
        row["district"]: dict(row)
        for row in Inquiry.objects.filter(district__in=ids)
        .exclude(status=Inquiry.Status.CLOSED)
        .values("district")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(first_response_at__isnull=True, created_at__lt=overdue_cutoff(now))),
        )
    }
    recent = Inquiry.objects.filter(district__in=ids, created_at__gte=now - PERIOD)
    first = median_seconds(recent, "created_at", "first_response_at", group="district")
    closing = median_seconds(recent, "created_at", "closed_at", group="district")
    return [
        DistrictFigures(
            district=district,
            open=counts.get(district.pk, {}).get("open", 0),
            overdue=counts.get(district.pk, {}).get("overdue", 0),
            median_first_response_days=_days(first.get(district.pk)),
            median_closing_days=_days(closing.get(district.pk)),
        )
        for district in districts
    ]
