"""The proof of use (Verwendungsnachweis) as an A4 PDF with reportlab, as the project makes its
other PDFs: the application's details, the factual report, the numerical proof (plan against
actual per line, overruns flagged) and the activity of the funded period. It flows over as many
pages as it needs."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from quartier.events.notice_pdf import _printable
from quartier.funding.finance import PlanFigures
from quartier.funding.models import Application
from quartier.funding.proof import Activity

_base = ParagraphStyle("proof", fontName="Helvetica", fontSize=10, leading=14, spaceAfter=2 * mm)
_small = ParagraphStyle("proof-small", _base, fontSize=8.5, leading=11, spaceAfter=0)
_title = ParagraphStyle("proof-title", _base, fontName="Helvetica-Bold", fontSize=18, leading=23, spaceAfter=4 * mm)
_heading = ParagraphStyle(
    "proof-heading", _base, fontName="Helvetica-Bold", fontSize=12.5, leading=16, spaceBefore=4 * mm
)
MARKUP = re.compile(r"^#+\s*|\*\*|__")


def _p(text: str, style: ParagraphStyle = _base) -> Paragraph:
    return Paragraph(_printable(html.escape(text, quote=False)), style)


def _euros(value: Decimal) -> str:
    return number_format(value, 2, use_l10n=True, force_grouping=True)


def _table(rows: list[list[Any]], widths: list[float], right_from: int) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, "black"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, "black"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _side(title: str, rows: list[Any], planned: Decimal, actual: Decimal) -> list[Any]:
    body: list[list[Any]] = [[_("Art"), _("Beschreibung"), _("Plan (€)"), _("Ist (€)"), _("Hinweis")]]
    for row in rows:
        body.append(
            [
                _p(row.line.get_category_display(), _small),
                _p(row.line.description, _small),
                _euros(row.line.planned),
                _euros(row.line.actual),
                _p(row.flag, _small),
            ]
        )
    body.append([_("Summe"), "", _euros(planned), _euros(actual), ""])
    return [_p(title, _heading), _table(body, [32 * mm, 58 * mm, 25 * mm, 25 * mm, 30 * mm], 2)]


def _activity(activity: Activity) -> list[Any]:
    story: list[Any] = [_p(_("Aktivitäten im Förderzeitraum"), _heading)]
    figures = [
        (_("Termine von Veranstaltungen"), number_format(activity.dates_held, 0)),
        (_("Angemeldete Personen"), number_format(activity.registered, 0)),
        (_("Gezählte Teilnehmende"), number_format(activity.attended, 0)),
        (_("Freiwillige"), number_format(activity.volunteers, 0)),
        (_("Ehrenamtliche Stunden"), number_format(activity.volunteer_hours, 1, use_l10n=True)),
        (_("Ausleihen"), number_format(activity.loans, 0)),
        (_("Raumbuchungen (Stunden)"), f"{activity.room_bookings} ({number_format(activity.room_hours, 1)})"),
        (_("Ideen zu den Projekten"), number_format(len(activity.ideas), 0)),
        (_("Neuigkeiten der Projekte"), number_format(len(activity.updates), 0)),
    ]
    story.append(
        _table([[_("Was"), _("Anzahl")], *[[what, value] for what, value in figures], ["", ""]], [120 * mm, 50 * mm], 1)
    )
    if activity.events:
        rows: list[list[Any]] = [[_("Veranstaltung"), _("Termine"), _("Zeitraum"), _("Teilnehmende")]]
        for row in activity.events:
            rows.append(
                [
                    _p(row["event__title"], _small),
                    str(row["dates"]),
                    f"{date_format(row['first'], 'SHORT_DATE_FORMAT')} – {date_format(row['last'], 'SHORT_DATE_FORMAT')}",
                    str(row["people"] or "–"),
                ]
            )
        rows.append(["", "", "", ""])
        story += [Spacer(0, 3 * mm), _table(rows, [80 * mm, 20 * mm, 45 * mm, 25 * mm], 1)]
    return story


def render_proof(
    *, application: Application, figures: PlanFigures, activity: Activity | None, report: str, **_context: Any
) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Verwendungsnachweis"),
    )
    applicant = application.organisation.name if application.organisation else _("Quartiersbüro")
    story: list[Any] = [
        _p(_("Verwendungsnachweis"), _title),
        _p(f"{application.title} – {application.programme.name}"),
        _p(_("Antragsteller: %(who)s") % {"who": applicant}),
    ]
    if activity is not None:
        story.append(
            _p(
                _("Förderzeitraum: %(start)s bis %(end)s")
                % {"start": date_format(activity.start, "DATE_FORMAT"), "end": date_format(activity.end, "DATE_FORMAT")}
            )
        )
    if application.approved is not None:
        story.append(
            _p(
                _("Bewilligt: %(approved)s €, ausgezahlt: %(paid)s €")
                % {"approved": _euros(application.approved), "paid": _euros(application.paid)}
            )
        )
    story.append(_p(_("Sachbericht"), _heading))
    for paragraph in (report or _("(noch kein Sachbericht gespeichert)")).split("\n\n"):
        text = "\n".join(MARKUP.sub("", line) for line in paragraph.splitlines()).strip()
        if text:
            story.append(_p(text))
    story.append(_p(_("Zahlenmäßiger Nachweis"), _heading))
    story += _side(_("Ausgaben"), figures.costs, figures.cost_planned, figures.cost_actual)
    story += _side(_("Finanzierung"), figures.financing, figures.financing_planned, figures.financing_actual)
    story.append(
        _p(
            _(
                "Einzelne Ausgabenzeilen dürfen um bis zu %(percent)s %% überschritten werden, wenn an anderer Stelle eingespart wird."
            )
            % {"percent": figures.allowed_percent},
            _small,
        )
    )
    if activity is not None:
        story += _activity(activity)
    document.build(story)
    return buffer.getvalue()
