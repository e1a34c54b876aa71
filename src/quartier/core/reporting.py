"""Helpers for figures aggregated in the database: a year's bounds, a count beside the previous
year's in one query, and the median time between two moments (percentile_cont on PostgreSQL, a
window query on SQLite) without loading the rows into Python.

The apps' report sections (``registry.report_sections``) and the cockpit's response times use
them; nothing here names an app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import connections
from django.db.models import Aggregate, Case, Expression, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone


def year_start(year: int) -> datetime:
    """1 January of the year, 0:00 in the site's time zone."""
    return timezone.make_aware(datetime(year, 1, 1))


def year_q(field: str, year: int, *, dates: bool = False) -> Q:
    """The rows whose ``field`` (a date or a moment) falls in the year."""
    if dates:
        return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lt": date(year + 1, 1, 1)})
    return Q(**{f"{field}__gte": year_start(year), f"{field}__lt": year_start(year + 1)})


def year_of(field: str, year: int) -> Case:
    """``year`` or ``year - 1`` for rows already limited to the two (see ``both_years``): a plain
    comparison in SQL. ``field__year`` would make SQLite call Python for every row."""
    return Case(When(**{f"{field}__gte": year_start(year)}, then=Value(year)), default=Value(year - 1))


def both_years(
    queryset: QuerySet[Any],
    field: str,
    year: int,
    *,
    dates: bool = False,
    **measures: Callable[[Q], Aggregate],
) -> dict[str, tuple[Any, Any]]:
    """Each measure for the year and the year before, in one query: ``measures`` map a name to
    a function that makes the aggregate for a year's filter (``lambda q: Count("pk", filter=q)``)."""
    this, previous = year_q(field, year, dates=dates), year_q(field, year - 1, dates=dates)
    aggregates: dict[str, Aggregate] = {}
    for name, make in measures.items():
        aggregates[f"{name}__this"] = make(this)
        aggregates[f"{name}__previous"] = make(previous)
    result = queryset.filter(this | previous).aggregate(**aggregates)
    return {name: (result[f"{name}__this"] or 0, result[f"{name}__previous"] or 0) for name in measures}


class SecondsBetween(Func):
    """``end - start`` in seconds, as a float."""

    output_field = FloatField()

    def __init__(self, start: str, end: str) -> None:
        super().__init__(F(end), F(start))

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:  # PostgreSQL
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return f"EXTRACT(EPOCH FROM ({end_sql} - {start_sql}))", [*end_params, *start_params]

    def as_sqlite(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return f"((julianday({end_sql}) - julianday({start_sql})) * 86400.0)", [*end_params, *start_params]


class Median(Aggregate):
    """PostgreSQL's continuous median."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


# The middle row (or the two middle rows' mean) of each group, counted by window functions.
MEDIAN_SQL = (
    "SELECT report_key, AVG(report_seconds) FROM ("
    "SELECT report_key, report_seconds,"
    " ROW_NUMBER() OVER (PARTITION BY report_key ORDER BY report_seconds) AS position,"
    " COUNT(*) OVER (PARTITION BY report_key) AS total"
    " FROM ({inner}) AS durations"
    ") AS ranked WHERE position IN ((total + 1) / 2, (total + 2) / 2) GROUP BY report_key"
)


def median_seconds(
    queryset: QuerySet[Any], start: str, end: str, *, group: str | Expression | None = None
) -> dict[Any, float]:
    """The median of ``end - start`` in seconds over the rows where ``end`` is set, per value of
    ``group`` (a field, or an expression such as ``year_of``; one key, ``None``, without it).
    One query, whatever the number of rows."""
    rows = queryset.filter(**{f"{end}__isnull": False}).order_by()
    key: Any = Value(0, output_field=IntegerField()) if group is None else F(group) if isinstance(group, str) else group
    found: dict[Any, float]
    if connections[queryset.db].vendor == "postgresql":
        result = rows.annotate(report_key=key).values("report_key").annotate(median=Median(SecondsBetween(start, end)))
        found = {row["report_key"]: float(row["median"]) for row in result if row["median"] is not None}
    else:
        inner = rows.annotate(report_key=key, report_seconds=SecondsBetween(start, end)).values_list(
            "report_key", "report_seconds"
        )
        inner_sql, params = inner.query.sql_with_params()
        # The inner query is Django's own compiled SQL; its values travel as parameters.
        sql = MEDIAN_SQL.replace("{inner}", inner_sql)
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = {row[0]: float(row[1]) for row in cursor.fetchall()}
    if group is not None:
        return found
    return dict.fromkeys([None], next(iter(found.values()))) if found else {}
