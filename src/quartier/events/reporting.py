"""The events' part of the yearly report: dates held, registrations (people) and attendance."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.core.reporting import both_years
from quartier.events.models import EventDate, EventStatus, Registration, RegistrationStatus


def _scope(district: Any, field_of_action: Any, prefix: str) -> Q:
    q = Q(**{f"{prefix}event__is_published": True})
    if district is not None:
        q &= Q(**{f"{prefix}event__district": district})
    if field_of_action is not None:
        q &= Q(**{f"{prefix}event__fields_of_action": field_of_action})
    return q


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    dates = both_years(
        EventDate.objects.filter(_scope(district, field_of_action, ""), status=EventStatus.SCHEDULED),
        "start",
        year,
        held=lambda q: Count("pk", filter=q),
        events=lambda q: Count("event", filter=q, distinct=True),
        attended=lambda q: Sum("attended", filter=q),
    )
    registered = both_years(
        Registration.objects.filter(
            _scope(district, field_of_action, "event_date__"), status=RegistrationStatus.CONFIRMED
        ),
        "event_date__start",
        year,
        people=lambda q: Sum("party_size", filter=q),
    )
    return [
        Figure(_("Veranstaltungen"), *dates["events"]),
        Figure(_("Termine durchgeführt"), *dates["held"]),
        Figure(_("Angemeldete Personen"), *registered["people"]),
        Figure(_("Teilnehmende (gezählt)"), *dates["attended"]),
    ]
