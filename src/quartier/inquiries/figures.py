"""Response-time figures per district: open, overdue, median days to the first answer and to closing."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

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


def _median_days(values: list[float]) -> float | None:
    return round(statistics.median(values) / DAY, 1) if values else None


def district_figures(districts: list[Any], now: datetime | None = None) -> list[DistrictFigures]:
    """Two queries for any number of districts; medians over the inquiries of the last twelve months."""
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
    first: dict[int, list[float]] = {}
    closing: dict[int, list[float]] = {}
    for district_id, created, answered, closed in Inquiry.objects.filter(
        district__in=ids, created_at__gte=now - PERIOD
    ).values_list("district", "created_at", "first_response_at", "closed_at"):
        if answered:
            first.setdefault(district_id, []).append((answered - created).total_seconds())
        if closed:
            closing.setdefault(district_id, []).append((closed - created).total_seconds())
    return [
        DistrictFigures(
            district=district,
            open=counts.get(district.pk, {}).get("open", 0),
            overdue=counts.get(district.pk, {}).get("overdue", 0),
            median_first_response_days=_median_days(first.get(district.pk, [])),
            median_closing_days=_median_days(closing.get(district.pk, [])),
        )
        for district in districts
    ]
