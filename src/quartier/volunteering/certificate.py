"""The certificate of hours (Ehrenamtsnachweis): what it says, signed so that its verification
page can confirm it without a copy in the database, and the A4 PDF with reportlab.

The certificate's content (name, activities with their periods and confirmed hours, the total,
the issuing office and the date) travels in the verification address, signed with the site's
secret key: the page shows exactly that content when the signature holds, and nothing else.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core import signing
from django.db.models import Max, Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Table, TableStyle

from quartier.core.links import absolute_url
from quartier.events.notice_pdf import _draw_qr, _printable
from quartier.places.models import Town
from quartier.volunteering.models import OtherHours, SignUp

SALT = "quartier.volunteering.certificate"
MAX_ROWS = 15  # the most recent activities; the verification address must fit a QR code


@dataclass(frozen=True)
class Activity:
    what: str
    first: date
    last: date
    hours: Decimal


@dataclass(frozen=True)
class Certificate:
    name: str
    activities: list[Activity]
    office: str
    issued: date

    @property
    def total(self) -> Decimal:
        return sum((row.hours for row in self.activities), Decimal(0))

    def token(self) -> str:
        rows = [[a.what, a.first.isoformat(), a.last.isoformat(), str(a.hours)] for a in self.activities]
        payload = {"n": self.name, "r": rows, "o": self.office, "d": self.issued.isoformat()}
        return signing.dumps(payload, salt=SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> Certificate | None:
        """The certificate a verification address holds, or None when it was not issued here."""
        try:
            data = signing.loads(token, salt=SALT)
            rows = [
                Activity(str(w), date.fromisoformat(f), date.fromisoformat(t), Decimal(h)) for w, f, t, h in data["r"]
            ]
            return cls(str(data["n"]), rows, str(data["o"]), date.fromisoformat(data["d"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError, ArithmeticError):
            return None

    def verification_url(self) -> str:
        return absolute_url(reverse("volunteering:verify", kwargs={"token": self.token()}))


def certificate_for(user: Any) -> Certificate:
    """The person's confirmed hours, per activity (a helper call, or an activity given
    elsewhere with its organisation) with the first and last day, the most recent first."""
    shifts = (
        SignUp.objects.filter(user=user, attended=True, hours__gt=0)
        .values("shift__call__title")
        .annotate(first=Min("shift__start"), last=Max("shift__start"), total=Sum("hours"))
    )
    other = (
        OtherHours.objects.filter(user=user, status=OtherHours.Status.CONFIRMED)
        .values("activity", "organisation")
        .annotate(first=Min("day"), last=Max("day"), total=Sum("hours"))
    )
    rows = [
        Activity(
            row["shift__call__title"][:80],
            timezone.localdate(row["first"]),
            timezone.localdate(row["last"]),
            row["total"],
        )
        for row in shifts
    ] + [
        Activity(f"{row['activity']} ({row['organisation']})"[:80], row["first"], row["last"], row["total"])
        for row in other
    ]
    rows.sort(key=lambda row: row.last, reverse=True)
    town = Town.load()
    office = (town.official_name or town.name) if town else ""
    return Certificate(user.public_name, rows[:MAX_ROWS], office, timezone.localdate())


_base = ParagraphStyle("certificate", fontName="Helvetica", fontSize=11, leading=15)
_title = ParagraphStyle(
    "certificate-title", _base, fontName="Helvetica-Bold", fontSize=22, leading=28, spaceAfter=6 * mm
)


def _p(text: str, style: ParagraphStyle = _base) -> Paragraph:
    return Paragraph(_printable(html.escape(text, quote=False)), style)


def render_certificate(certificate: Certificate) -> bytes:
    """One A4 page: the title, the text, the table of activities, the office's signature line
    with name and date, and the QR code to the verification page."""
    width, height = A4
    margin = 20 * mm
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("Ehrenamtsnachweis"))
    table = Table(
        [[_("Tätigkeit"), _("Zeitraum"), _("Stunden")]]
        + [
            [
                _p(row.what),
                f"{date_format(row.first, 'SHORT_DATE_FORMAT')} – {date_format(row.last, 'SHORT_DATE_FORMAT')}",
                f"{row.hours:g}",
            ]
            for row in certificate.activities
        ]
        + [[_("Zusammen"), "", f"{certificate.total:g}"]],
        colWidths=[95 * mm, 50 * mm, 25 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 1, "black"),
                ("LINEABOVE", (0, -1), (-1, -1), 1, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
            ]
        )
    )
    story = [
        _p(_("Ehrenamtsnachweis"), _title),
        _p(
            _("%(name)s hat sich ehrenamtlich engagiert. Das Team hat die folgenden Stunden bestätigt:")
            % {"name": certificate.name}
        ),
        table,
    ]
    Frame(margin, 90 * mm, width - 2 * margin, height - 90 * mm - margin, showBoundary=0).addFromList(story, canvas)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(margin, 75 * mm, _printable(certificate.office))
    canvas.drawString(margin, 69 * mm, _printable(date_format(certificate.issued, "DATE_FORMAT")))
    canvas.setFont("Helvetica", 9)
    canvas.drawString(margin, 58 * mm, _printable(_("Echtheit prüfen: QR-Code scannen")))
    _draw_qr(canvas, certificate.verification_url(), margin - 4 * mm, margin, 40 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
