"""The demo town's yearly reports: last year's published with the coordinator's introduction and
a district's highlights, this year's as a draft. Idempotent: nothing is added once last year's
report exists."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from quartier.accounts.models import User
from quartier.reports.models import YearReport
from quartier.reports.services import publish_report, save_report_text


def load_reports(districts: dict[str, Any]) -> None:
    coordinator = User.objects.filter(is_coordinator=True, is_active=True).order_by("pk").first()
    year = timezone.localdate().year
    if coordinator is None or YearReport.objects.filter(year=year - 1).exists():
        return
    save_report_text(
        year=year - 1,
        district=None,
        introduction=(
            "Ein Jahr der Nachbarschaft: Die Ortsteile haben gemeinsam gefeiert, geplant und gebaut.\n\n"
            "Dieser Bericht zeigt, was die Stadtteilarbeit im Jahr bewegt hat, in Zahlen und mit den "
            "Höhepunkten aus den Ortsteilen."
        ),
        highlights="Dorffest mit über 400 Gästen\nNeuer Treffpunkt am Dorfplatz\nErste Bedarfsumfrage",
        by=coordinator,
    )
    if "oberfischbach" in districts:
        save_report_text(
            year=year - 1,
            district=districts["oberfischbach"],
            introduction="In Oberfischbach stand der Treffpunkt für Ältere im Mittelpunkt.",
            highlights="Bank am Dorfplatz aufgestellt\nSeniorencafé jeden Donnerstag",
            by=coordinator,
        )
    publish_report(year=year - 1, by=coordinator)
    save_report_text(
        year=year,
        district=None,
        introduction="Entwurf: Die Einleitung zum laufenden Jahr entsteht im Dezember.",
        highlights="",
        by=coordinator,
    )
