"""Every change of the yearly report: a text saved, the report published or withdrawn."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.reports import rules
from quartier.reports.models import ReportEntry, ReportText, YearReport

FIRST_YEAR = 2000


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(_("Für dieses Jahr gibt es keinen Bericht."))


def _report(year: int) -> YearReport:
    check_year(year)
    report, _created = YearReport.objects.select_for_update().get_or_create(year=year)
    return report


@transaction.atomic
def save_report_text(*, year: int, district: Any, introduction: str, highlights: str, by: Any) -> ReportText:
    """The introduction and highlights for the town (``district`` None) or a district."""
    if not rules.may_write(by, district):
        raise PermissionDenied
    report = _report(year)
    text, _created = ReportText.objects.get_or_create(report=report, district=district)
    text.introduction = introduction.strip()
    text.highlights = highlights.strip()
    text.updated_by = by
    text.full_clean()
    text.save()
    ReportEntry.objects.create(report=report, action=ReportEntry.Action.TEXT, district=district, by=by)
    return text


@transaction.atomic
def publish_report(*, year: int, by: Any) -> YearReport:
    """The coordinator publishes the year's report: from now on it is a public page."""
    if not rules.may_publish(by):
        raise PermissionDenied
    report = _report(year)
    if report.is_published:
        raise ValidationError(_("Der Bericht ist schon veröffentlicht."))
    report.status = YearReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = by
    report.save(update_fields=["status", "published_at", "published_by"])
    ReportEntry.objects.create(report=report, action=ReportEntry.Action.PUBLISHED, by=by)
    return report


@transaction.atomic
def withdraw_report(*, year: int, by: Any) -> YearReport:
    """Back to a draft (a mistake found after publishing)."""
    if not rules.may_publish(by):
        raise PermissionDenied
    report = _report(year)
    if not report.is_published:
        raise ValidationError(_("Der Bericht ist nicht veröffentlicht."))
    report.status = YearReport.Status.DRAFT
    report.save(update_fields=["status"])
    ReportEntry.objects.create(report=report, action=ReportEntry.Action.WITHDRAWN, by=by)
    return report
