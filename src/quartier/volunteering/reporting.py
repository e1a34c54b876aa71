"""Volunteering's part of the yearly report: volunteers in shifts and their confirmed hours."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.core.reporting import both_years
from quartier.volunteering.models import SignUp, SignUpStatus


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    scope = Q(status=SignUpStatus.CONFIRMED)
    if district is not None:
        scope &= Q(shift__call__district=district)
    if field_of_action is not None:
        scope &= Q(shift__call__fields_of_action=field_of_action)
    result = both_years(
        SignUp.objects.filter(scope),
        "shift__start",
        year,
        sign_ups=lambda q: Count("pk", filter=q),
        hours=lambda q: Sum("hours", filter=q),
    )
    return [
        Figure(_("Einsätze von Engagierten"), *result["sign_ups"]),
        Figure(_("Bestätigte Stunden"), *result["hours"], _("Stunden")),
    ]
