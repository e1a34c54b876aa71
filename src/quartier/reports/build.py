"""The yearly report assembled from the apps' report sections: each section's figures (beside
the previous year) and tables, with the bars of their SVG charts (drawn as the survey results
draw theirs). A constant number of queries per section, whatever the year's volume."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from quartier.core import registry

CHART_WIDTH = 380


@dataclass
class Bar:
    label: str
    value: Any
    width: int
    y: int


@dataclass
class Table:
    name: str
    caption: str
    rows: list[tuple[Any, Any, Any]]
    unit: str = ""
    chart: bool = True
    bars: list[Bar] = field(default_factory=list)

    @property
    def chart_height(self) -> int:
        return len(self.bars) * 36 + 8


@dataclass
class Section:
    name: str
    label: str
    figures: list[registry.Figure]
    tables: list[Table]


def _bars(rows: list[tuple[Any, Any, Any]]) -> list[Bar]:
    numbers = [float(value or 0) for _label, value, _previous in rows]
    top = max(numbers, default=0) or 1
    return [
        Bar(str(label), value if value is not None else 0, round(CHART_WIDTH * number / top), index * 36)
        for index, ((label, value, _previous), number) in enumerate(zip(rows, numbers, strict=True))
    ]


def _table(
    name: str, caption: str, rows: list[tuple[Any, Any, Any]], chart: bool = True, drawn: list[Any] | None = None
) -> Table:
    """``drawn``: the rows the chart shows (default all; figures with a unit stay out of it)."""
    table = Table(name=name, caption=caption, rows=rows, chart=chart)
    drawn = rows if drawn is None else drawn
    if chart and len(drawn) > 1 and any(value for _label, value, _previous in drawn):
        table.bars = _bars(drawn)
    return table


def build_sections(year: int, district: Any = None, field_of_action: Any = None) -> list[Section]:
    sections = []
    for entry in registry.report_sections:
        figures = entry.figures(year, district=district, field_of_action=field_of_action)
        tables: list[Table] = []
        if figures:
            rows = [(f"{f.label} ({f.unit})" if f.unit else str(f.label), f.value, f.previous) for f in figures]
            counts = [(str(f.label), f.value, f.previous) for f in figures if not f.unit]
            tables.append(_table(entry.name, str(entry.label), rows, drawn=counts))
        if entry.tables is not None:
            for extra in entry.tables(year, district=district, field_of_action=field_of_action):
                tables.append(_table(f"{entry.name}-{extra.name}", str(extra.caption), list(extra.rows), extra.chart))
        if figures or tables:
            sections.append(Section(entry.name, str(entry.label), figures, tables))
    return sections


def find_table(sections: list[Section], name: str) -> Table | None:
    for section in sections:
        for table in section.tables:
            if table.name == name:
                return table
    return None


def title(year: int, place: str) -> str:
    return _("Projekte und Aktivitäten %(year)s: %(place)s") % {"year": year, "place": place}
