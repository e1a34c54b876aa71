"""The notice (Aushang) as an A4 PDF file, for shop windows and notice boards.

Drawn with reportlab: the body (title, date, place, status, image, text) flows into a
frame that shrinks its content when it is long, so the notice is always one page; the
footer with the QR code (from segno's matrix) and the address is drawn at the bottom.
Helvetica's WinAnsi encoding covers German umlauts and ß; characters outside it
are replaced by "?" rather than breaking the file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

import segno
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Image, KeepInFrame, Paragraph, Spacer

from quartier.core.markdown import render_markdown
from quartier.events.models import EventDate, EventStatus

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
QR_SIZE = 48 * mm
FOOTER_HEIGHT = QR_SIZE + 6 * mm
IMAGE_MAX_HEIGHT = 90 * mm
IMAGE_MIN_HEIGHT = 35 * mm  # below this the image is left out rather than shrinking the text
IMAGE_GAP = 4 * mm
DESCRIPTION_MAX_CHARS = 900

_base = ParagraphStyle("notice", fontName="Helvetica", fontSize=16, leading=21)
STYLES = {
    "town": ParagraphStyle("town", _base, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=4 * mm),
    "title": ParagraphStyle("title", _base, fontName="Helvetica-Bold", fontSize=38, leading=43, spaceAfter=5 * mm),
    "status": ParagraphStyle(
        "status",
        _base,
        fontName="Helvetica-Bold",
        fontSize=22,
        leading=27,
        borderWidth=2.5,
        borderColor=colors.black,
        borderPadding=3 * mm,
        leftIndent=3 * mm,
        rightIndent=3 * mm,
        spaceBefore=4 * mm,
        spaceAfter=8 * mm,
    ),
    "when": ParagraphStyle("when", _base, fontName="Helvetica-Bold", fontSize=26, leading=32, spaceAfter=3 * mm),
    "where": ParagraphStyle("where", _base, fontSize=19, leading=24, spaceAfter=4 * mm),
    "more": ParagraphStyle("more", _base, fontSize=14, leading=18, spaceAfter=4 * mm),
    "summary": ParagraphStyle("summary", _base, fontName="Helvetica-Bold", fontSize=18, leading=24, spaceAfter=3 * mm),
    "text": ParagraphStyle("text", _base, fontSize=14, leading=19, spaceAfter=2.5 * mm),
    "footer": ParagraphStyle("footer", _base, fontSize=15, leading=20),
    "url": ParagraphStyle("url", _base, fontName="Helvetica-Bold", fontSize=15, leading=20),
}

_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote|pre|tr|table)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class NoticeData:
    event_date: EventDate
    url: str
    town_name: str
    later_dates: list[EventDate]


def markdown_to_text(source: str) -> list[str]:
    """The paragraphs of a Markdown text as plain text (no markup, no raw HTML)."""
    rendered = str(render_markdown(source))
    rendered = re.sub(r"<li>", "• ", rendered, flags=re.IGNORECASE)
    # Raw HTML in the source arrives escaped; a notice prints neither markup nor tags.
    text = strip_tags(html.unescape(strip_tags(_BLOCK_END.sub("\n", rendered))))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _shorten(paragraphs: list[str], limit: int) -> list[str]:
    kept: list[str] = []
    used = 0
    for paragraph in paragraphs:
        if used + len(paragraph) > limit:
            room = limit - used
            if room > 80:
                kept.append(paragraph[:room].rsplit(" ", 1)[0] + " …")
            else:
                kept.append("…")
            break
        kept.append(paragraph)
        used += len(paragraph)
    return kept


def _para(text: str, style: str) -> Paragraph:
    """A paragraph of user text: escaped, since reportlab reads its own small markup."""
    return Paragraph(_printable(html.escape(text, quote=False)), STYLES[style])


def _printable(text: str) -> str:
    """Replace what Helvetica's WinAnsi encoding cannot print (it would print as a blank box)."""
    return text.encode("cp1252", errors="replace").decode("cp1252")


def _lines(lines: list[str], style: str) -> Paragraph:
    return Paragraph("<br/>".join(_printable(html.escape(line, quote=False)) for line in lines if line), STYLES[style])


def _when(start: datetime, end: datetime) -> list[str]:
    """When, in the active language's named formats (as on the event page)."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return [f"{date_format(start, 'DATETIME_FORMAT')} – {time_format(end, 'TIME_FORMAT')}"]
    return [date_format(start, "DATETIME_FORMAT"), _("bis %(end)s") % {"end": date_format(end, "DATETIME_FORMAT")}]


def _image(event_date: EventDate, width: float, max_height: float) -> Flowable | None:
    """The event's image scaled to fit the box, or None without (or with a broken) image."""
    event = event_date.event
    if not event.image:
        return None
    try:
        with event.image.open("rb") as handle:
            content = handle.read()
        image_width, image_height = ImageReader(BytesIO(content)).getSize()
    except (OSError, ValueError):  # a missing or broken file: the notice is printed without it
        return None
    scale = min(width / image_width, max_height / image_height)
    flowable = Image(BytesIO(content), width=image_width * scale, height=image_height * scale)
    flowable.hAlign = "LEFT"
    return flowable


def _height(story: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for flowable in story:
        total += flowable.wrap(width, PAGE_HEIGHT)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _body(data: NoticeData, width: float, height: float) -> list[Flowable]:
    """The body, filling the room above the footer.

    Title, date and place always print in full (if they alone overflow, the frame shrinks
    them). The image takes the room the text leaves, at least half the free room (and
    IMAGE_MIN_HEIGHT); the description gets what is left, cut after its last whole
    paragraph that fits, with a pointer to the page.
    """
    event_date = data.event_date
    event = event_date.event
    head: list[Flowable] = []
    heading = " · ".join(name for name in (data.town_name, event.district.name) if name)
    head.append(_para(heading.upper(), "town"))
    head.append(_para(event.title, "title"))
    if event_date.effective_status != EventStatus.SCHEDULED:
        label = event.get_status_display() if event.status != EventStatus.SCHEDULED else event_date.get_status_display()
        note = event_date.status_note
        head.append(_para(f"{label.upper()}: {note}" if note else label.upper(), "status"))
    head.append(_lines(_when(event_date.start, event_date.end), "when"))
    head.append(_lines([event.venue, event.address, event.district.name], "where"))
    if data.later_dates:
        dates = ", ".join(date_format(timezone.localtime(row.start), "MONTH_DAY_FORMAT") for row in data.later_dates)
        head.append(_para(_("Weitere Termine: %(dates)s") % {"dates": dates}, "more"))
    summary = [_para(event.summary, "summary")]
    cost = [_para(_("Kosten: %(cost)s") % {"cost": event.cost_note}, "text")] if event.cost_note else []
    description = [_para(text, "text") for text in _shorten(markdown_to_text(event.description), DESCRIPTION_MAX_CHARS)]
    free = height - _height([*head, *summary, *cost], width) - 2 * mm
    image_box: list[Flowable] = []
    if free - IMAGE_GAP >= IMAGE_MIN_HEIGHT:
        wanted = free - _height(description, width) - IMAGE_GAP
        image = _image(event_date, width, min(IMAGE_MAX_HEIGHT, max(IMAGE_MIN_HEIGHT, wanted, free / 2)))
        if image is not None:
            image_box = [image, Spacer(1, IMAGE_GAP)]
            free -= _height(image_box, width)
    kept: list[Flowable] = []
    for paragraph in description:
        if _height([*kept, paragraph], width) > free:
            more = _para(_("… weiter auf der Seite der Veranstaltung (QR-Code unten)"), "text")
            while kept and _height([*kept, more], width) > free:
                kept.pop()
            kept.append(more)
            break
        kept.append(paragraph)
    return head + image_box + summary + kept + cost


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code from segno's module matrix: one filled rectangle per run of dark modules."""
    matrix = segno.make(url, error="m").matrix
    module = size / (len(matrix) + 8)  # four modules of quiet zone on each side
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for row_number, row in enumerate(matrix):
        top = y + size - (row_number + 4 + 1) * module
        column = 0
        while column < len(row):
            if row[column]:
                run = column
                while run < len(row) and row[run]:
                    run += 1
                canvas.rect(x + (column + 4) * module, top, (run - column) * module, module, stroke=0, fill=1)
                column = run
            else:
                column += 1


def _draw_footer(canvas: Canvas, data: NoticeData) -> None:
    event = data.event_date.event
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(2)
    top = MARGIN + FOOTER_HEIGHT
    canvas.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
    qr_y = MARGIN
    _draw_qr(canvas, data.url, MARGIN - 4 * mm, qr_y, QR_SIZE)  # the quiet zone sits in the margin
    text_x = MARGIN + QR_SIZE
    text_width = PAGE_WIDTH - MARGIN - text_x
    lead = _("Anmeldung und mehr:") if event.registration_required else _("Mehr erfahren:")
    lines: list[Flowable] = [_para(lead, "footer"), _para(data.url, "url")]
    if event.organiser_phone:
        lines.append(_para(f"{_('Telefon')}: {event.organiser_phone}", "footer"))
    frame = Frame(text_x, MARGIN, text_width, FOOTER_HEIGHT - 4 * mm, showBoundary=0, leftPadding=0, rightPadding=0)
    frame.addFromList([KeepInFrame(text_width, FOOTER_HEIGHT - 4 * mm, lines, mode="shrink")], canvas)


def render_notice(data: NoticeData) -> bytes:
    """One A4 page as PDF bytes; `invariant` makes the same notice the same file."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    event = data.event_date.event
    canvas.setTitle(f"{_('Aushang')}: {event.title}")
    canvas.setAuthor(data.town_name)
    canvas.setSubject(data.url)
    width = PAGE_WIDTH - 2 * MARGIN
    body_bottom = MARGIN + FOOTER_HEIGHT + 5 * mm
    body_height = PAGE_HEIGHT - MARGIN - body_bottom
    frame = Frame(MARGIN, body_bottom, width, body_height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList([KeepInFrame(width, body_height, _body(data, width, body_height), mode="shrink")], canvas)
    _draw_footer(canvas, data)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
