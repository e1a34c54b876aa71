"""The demo's programmes and applications: loaded twice without duplicates, in the states the
issue asks for."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from quartier.funding.demo import PROGRAMMES
from quartier.funding.finance import plan_figures
from quartier.funding.models import Application, Programme, ProofOfUse, Status

pytestmark = pytest.mark.django_db


def test_the_demo_loads_programmes_and_applications_once_in_different_states(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert Programme.objects.count() == len(PROGRAMMES)
    assert Programme.objects.filter(public=True).count() >= 3
    approved = Application.objects.get(status=Status.PROOF_DUE)
    today = timezone.localdate()
    assert approved.proof_due is not None
    assert today + datetime.timedelta(days=28) <= approved.proof_due <= today + datetime.timedelta(days=62)
    assert approved.paid == approved.approved
    assert Application.objects.filter(status=Status.DECLINED).count() == 1
    assert Application.objects.filter(status=Status.DRAFTING).count() == 1
    assert Application.objects.count() == 3
    assert all(application.steps.exists() for application in Application.objects.all())
    # The approved application's plan balances, records what was spent with one line overrun,
    # and its proof of use has a draft made from the projects' activity.
    figures = plan_figures(approved.plan_lines.all())
    assert figures.balanced
    assert figures.cost_actual > 0
    assert len(figures.flagged) == 1
    assert approved.funded_from is not None
    assert "Förderzeitraum" in ProofOfUse.objects.get(application=approved).report
    assert approved.plan_lines.count() == 6


def test_the_approved_application_has_its_approval_notice_and_two_conditions(settings, tmp_path):
    settings.DEBUG = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo")
    call_command("load_demo")
    approved = Application.objects.get(status=Status.PROOF_DUE)
    notice = approved.documents.get()
    assert (notice.kind, notice.content_type) == ("approval", "application/pdf")
    with notice.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    conditions = list(approved.conditions.order_by("due"))
    assert len(conditions) == 2
    today = timezone.localdate()
    assert conditions[0].fulfilled_on is not None
    assert conditions[1].fulfilled_on is None
    assert today + datetime.timedelta(days=28) <= conditions[1].due <= today + datetime.timedelta(days=62)
