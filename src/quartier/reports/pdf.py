"""The yearly report as an A4 PDF (reportlab, as the certificate of hours): the title, the
introduction and highlights, and every table with the year and the previous year."""

from __future__ import annotations

import html
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from quartier.reports.build import Section


def _text(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def report_pdf(title: str, year: int, text: Any, sections: list[Section]) -> bytes:
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
    )
    story: list[Any] = [Paragraph(_text(title), styles["Title"])]
    if text is not None and text.introduction:
        for paragraph in text.introduction.split("\n\n"):
            story.append(Paragraph(_text(paragraph).replace("\n", "<br/>"), styles["BodyText"]))
    if text is not None and text.highlight_list():
        story.append(Paragraph(_text(_("Höhepunkte")), styles["Heading2"]))
        for line in text.highlight_list():
            story.append(Paragraph("• " + _text(line), styles["BodyText"]))
    for section in sections:
        story.append(Paragraph(_text(section.label), styles["Heading2"]))
        for table in section.tables:
            rows: list[list[Any]] = [[_text(table.caption), str(year), _text(_("Vorjahr"))]]
            rows += [
                [Paragraph(_text(label), styles["BodyText"]), _text(value), _text(previous)]
                for label, value, previous in table.rows
            ]
            grid = Table(rows, colWidths=[110 * mm, 30 * mm, 30 * mm], repeatRows=1)
            grid.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [grid, Spacer(1, 4 * mm)]
    if not sections:
        story.append(Paragraph(_text(_("Für dieses Jahr gibt es noch keine Zahlen.")), styles["BodyText"]))
    document.build(story)
    return buffer.getvalue()
