"""The demo town's reports: last year's published with texts, this year's a draft; running the
demo twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from quartier.reports.models import ReportEntry, ReportText, YearReport

pytestmark = pytest.mark.django_db


def test_demo_reports_are_there_once(settings):
    settings.DEBUG = True
    call_command("load_demo")
    year = timezone.localdate().year
    assert YearReport.objects.get(year=year - 1).is_published
    assert not YearReport.objects.get(year=year).is_published
    texts, entries = ReportText.objects.count(), ReportEntry.objects.count()
    assert texts == 3
    call_command("load_demo")
    assert (ReportText.objects.count(), ReportEntry.objects.count()) == (texts, entries)
    page = Client().get(f"/berichte/{year - 1}/")
    assert page.status_code == 200
    assert "Dorffest mit über 400 Gästen" in page.content.decode()
    assert Client().get(f"/berichte/{year}/").status_code == 404
