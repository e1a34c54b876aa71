"""The inquiries' part of the yearly report: received, answered, the median days to the first
answer (in the database), by kind and by channel. Inquiries have no field of action."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from quartier.core.registry import Figure, ReportTable
from quartier.core.reporting import both_years, median_seconds, year_of, year_q
from quartier.inquiries.models import Inquiry

DAY = 86400


def _inquiries(district: Any) -> Any:
    rows = Inquiry.objects.all()
    return rows.filter(district=district) if district is not None else rows


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    if field_of_action is not None:
        return []
    rows = _inquiries(district)
    counts = both_years(
        rows,
        "created_at",
        year,
        received=lambda q: Count("pk", filter=q),
        answered=lambda q: Count("pk", filter=q & Q(first_response_at__isnull=False)),
    )
    medians = median_seconds(
        rows.filter(year_q("created_at", year) | year_q("created_at", year - 1)),
        "created_at",
        "first_response_at",
        group=year_of("created_at", year),
    )

    def days(key: int) -> float | None:
        return round(medians[key] / DAY, 1) if key in medians else None

    return [
        Figure(_("Anliegen eingegangen"), *counts["received"]),
        Figure(_("davon beantwortet"), *counts["answered"]),
        Figure(_("Mittlere Zeit bis zur ersten Antwort (Median)"), days(year), days(year - 1), _("Tage")),
    ]


def _by(rows: Any, field: str, year: int, choices: Any) -> list[tuple[Any, Any, Any]]:
    this, previous = year_q("created_at", year), year_q("created_at", year - 1)
    found = {
        row[field]: (row["this"], row["previous"])
        for row in rows.filter(this | previous)
        .order_by()
        .values(field)
        .annotate(this=Count("pk", filter=this), previous=Count("pk", filter=previous))
    }
    return [(label, *found.get(value, (0, 0))) for value, label in choices]


def tables(year: int, district: Any = None, field_of_action: Any = None) -> list[ReportTable]:
    if field_of_action is not None:
        return []
    rows = _inquiries(district)
    return [
        ReportTable("kinds", _("Anliegen nach Art"), _by(rows, "kind", year, Inquiry.Kind.choices)),
        ReportTable("channels", _("Anliegen nach Eingangsweg"), _by(rows, "channel", year, Inquiry.Channel.choices)),
    ]
