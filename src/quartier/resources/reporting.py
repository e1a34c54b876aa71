"""Resources' part of the yearly report: loans of things and bookings of rooms that took place.
Resources have no field of action."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.core.reporting import both_years
from quartier.resources.models import Booking, BookingStatus, Kind


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    if field_of_action is not None:
        return []
    bookings = Booking.objects.filter(
        status__in=[BookingStatus.CONFIRMED, BookingStatus.HANDED_OVER, BookingStatus.RETURNED]
    )
    if district is not None:
        bookings = bookings.filter(resource__district=district)
    result = both_years(
        bookings,
        "start",
        year,
        loans=lambda q: Count("pk", filter=q & ~Q(resource__kind=Kind.ROOM)),
        rooms=lambda q: Count("pk", filter=q & Q(resource__kind=Kind.ROOM)),
    )
    return [
        Figure(_("Ausleihen"), *result["loans"]),
        Figure(_("Raumbuchungen"), *result["rooms"]),
    ]
