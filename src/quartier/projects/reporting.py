"""The projects' part of the yearly report: projects begun, running and finished in the year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.projects.models import Project


def _year(year: int) -> dict[str, Q]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return {
        "new": Q(start__gte=first, start__lte=last),
        # begun by the year's end, not ended before it began, and not only planned
        "running": Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first)) & ~Q(status=Project.Status.PLANNED),
        "done": Q(status=Project.Status.DONE, end__gte=first, end__lte=last),
    }


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    projects = Project.objects.all()
    if district is not None:
        projects = projects.filter(districts=district)
    if field_of_action is not None:
        projects = projects.filter(fields_of_action=field_of_action)
    this, previous = _year(year), _year(year - 1)
    aggregates = {}
    for key in this:
        aggregates[f"{key}_this"] = Count("pk", filter=this[key], distinct=True)
        aggregates[f"{key}_previous"] = Count("pk", filter=previous[key], distinct=True)
    result = projects.aggregate(**aggregates)
    return [
        Figure(_("Projekte begonnen"), result["new_this"], result["new_previous"]),
        Figure(_("Projekte laufend"), result["running_this"], result["running_previous"]),
        Figure(_("Projekte abgeschlossen"), result["done_this"], result["done_previous"]),
    ]
