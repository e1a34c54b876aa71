"""What the reports app holds about a person: the report texts they saved and the reports they
published (staff work). Erasure keeps the texts and the history and drops the name."""

from __future__ import annotations

from typing import Any


def export_report_work(user: Any) -> list[dict[str, Any]]:
    from quartier.reports.models import ReportEntry

    return [
        {"year": entry.report.year, "action": entry.action, "created_at": entry.created_at.isoformat()}
        for entry in ReportEntry.objects.filter(by=user).select_related("report").order_by("pk")
    ]


def erase_report_work(user: Any) -> None:
    from quartier.reports.models import ReportEntry, ReportText, YearReport

    ReportEntry.objects.filter(by=user).redact(by=None)
    ReportText.objects.filter(updated_by=user).update(updated_by=None)
    YearReport.objects.filter(published_by=user).update(published_by=None)
