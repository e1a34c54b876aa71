"""The cockpit tiles of participation count only the staff member's districts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartier.participation.hooks import new_ideas, open_reports
from quartier.participation.models import Comment, Idea, Report
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db


def test_new_ideas_counts_proposed_ideas_of_my_districts(staff_a, coordinator, district_a, district_b, resident):
    make_idea(district_a, resident)
    make_idea(district_a, resident, status=Idea.Status.UNDER_REVIEW)
    make_idea(district_b, resident)
    assert new_ideas(staff_a) == 1
    assert new_ideas(coordinator) == 2


def test_open_reports_counts_unresolved_reports_of_my_districts(staff_a, coordinator, district_a, district_b, resident):
    mine, theirs = make_idea(district_a, resident), make_idea(district_b, resident)
    comment = Comment.objects.create(idea=mine, author=resident, text="Unfreundlich")
    Report.objects.create(idea=mine, reporter=resident, reason="Werbung")
    Report.objects.create(comment=comment, reporter=resident, reason="Beleidigung")
    Report.objects.create(idea=mine, reporter=resident, reason="Erledigt", resolved_at=timezone.now())
    Report.objects.create(idea=theirs, reporter=resident, reason="Anderswo")
    assert open_reports(staff_a) == 2
    assert open_reports(coordinator) == 3
