"""How much each resource was used, per month: the booked hours (confirmed, handed over,
returned; buffers not counted) as a share of the month's hours. For the yearly report."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from quartier.resources.models import Booking, BookingStatus, Resource

USED = (BookingStatus.CONFIRMED, BookingStatus.HANDED_OVER, BookingStatus.RETURNED)


@dataclass
class Row:
    resource: Resource
    hours: list[float]  # booked hours per month, January first
    shares: list[float]  # per cent of the month's hours

    @property
    def cells(self) -> list[tuple[float, float]]:
        return list(zip(self.hours, self.shares, strict=True))


def _month_start(year: int, month: int) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, month, 1), time.min))


def utilisation(resources: QuerySet[Resource], year: int) -> list[Row]:
    """One row per resource (two queries, whatever the number of bookings' rows is summed in Python
    from a single query of start and end)."""
    resource_list = list(resources)
    bounds = [_month_start(year, month) for month in range(1, 13)] + [_month_start(year + 1, 1)]
    hours: dict[int, list[float]] = {resource.pk: [0.0] * 12 for resource in resource_list}
    bookings = Booking.objects.filter(
        resource__in=[resource.pk for resource in resource_list],
        status__in=USED,
        start__lt=bounds[-1],
        end__gt=bounds[0],
    ).values_list("resource_id", "start", "end")
    for resource_id, start, end in bookings.iterator(chunk_size=2000):
        for month in range(12):
            overlap = min(end, bounds[month + 1]) - max(start, bounds[month])
            if overlap > timedelta(0):
                hours[resource_id][month] += overlap / timedelta(hours=1)
    month_hours = [calendar.monthrange(year, month)[1] * 24 for month in range(1, 13)]
    return [
        Row(
            resource=resource,
            hours=[round(value, 1) for value in hours[resource.pk]],
            shares=[round(100 * value / month_hours[index], 1) for index, value in enumerate(hours[resource.pk])],
        )
        for resource in resource_list
    ]
