"""A campaign on paper: A4 pages for the contact point's counter and notice boards, for residents
who are not online. Drawn with reportlab like the events' notice: the place, the subject, the
text, then each block with its items (title, when or where, teaser and the address to type in).
Long campaigns flow onto further pages, each with the town and page number at the foot."""

from __future__ import annotations

import html
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from quartier.events.notice_pdf import _printable, markdown_to_text

MARGIN = 18 * mm
_base = ParagraphStyle("campaign", fontName="Helvetica", fontSize=13, leading=18)
STYLES = {
    "place": ParagraphStyle("place", _base, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=3 * mm),
    "title": ParagraphStyle("title", _base, fontName="Helvetica-Bold", fontSize=28, leading=33, spaceAfter=6 * mm),
    "text": ParagraphStyle("text", _base, spaceAfter=3 * mm),
    "heading": ParagraphStyle(
        "heading", _base, fontName="Helvetica-Bold", fontSize=19, leading=24, spaceBefore=6 * mm, spaceAfter=2 * mm
    ),
    "item": ParagraphStyle("item", _base, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=3 * mm),
    "meta": ParagraphStyle("meta", _base, fontName="Helvetica-Bold", fontSize=12, leading=16),
    "teaser": ParagraphStyle("teaser", _base, fontSize=12, leading=16),
    "url": ParagraphStyle("url", _base, fontName="Courier", fontSize=10, leading=13),
}


def _para(text: str, style: str) -> Paragraph:
    """User text, escaped: reportlab reads its own small markup."""
    return Paragraph(_printable(html.escape(text, quote=False)), STYLES[style])


def _story(content: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = []
    place = " · ".join(dict.fromkeys(name for name in (content.get("place"), content.get("town")) if name))
    if place:
        story.append(_para(place.upper(), "place"))
    story.append(_para(content["subject"], "title"))
    story += [_para(paragraph, "text") for paragraph in markdown_to_text(content.get("text") or "")]
    for section in content.get("sections", []):
        story.append(_para(section["heading"], "heading"))
        for item in section["items"]:
            parts: list[Flowable] = [_para(item["title"], "item")]
            if item.get("meta"):
                parts.append(_para(item["meta"], "meta"))
            if item.get("teaser"):
                parts.append(_para(item["teaser"], "teaser"))
            parts.append(_para(item["url"], "url"))
            story.append(KeepTogether(parts))
    story.append(Spacer(1, 6 * mm))
    return story


def render_campaign_pdf(content: dict[str, Any]) -> bytes:
    """The campaign's content as A4 PDF bytes; `invariant` makes the same content the same file."""
    buffer = BytesIO()
    footer = " · ".join(
        part
        for part in (
            content.get("town"),
            _("Stand: %(date)s") % {"date": date_format(timezone.localdate(), "DATE_FORMAT")},
        )
        if part
    )

    def decorate(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 10)
        canvas.drawString(MARGIN, 10 * mm, _printable(footer))
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, _("Seite %(number)d") % {"number": document.page})
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_printable(content["subject"]),
        author=_printable(content.get("town") or ""),
        invariant=1,
    )
    document.build(_story(content), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
