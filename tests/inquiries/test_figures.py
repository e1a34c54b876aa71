from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from quartier.inquiries.figures import district_figures
from quartier.inquiries.models import Inquiry
from tests import factories


def test_open_overdue_and_medians_per_district(district_a, district_b, category):
    now = timezone.now()
    day = timedelta(days=1)
    factories.make_inquiry(district_a, category, created_at=now - 2 * day, first_response_at=now - day)
    factories.make_inquiry(
        district_a,
        category,
        created_at=now - 10 * day,
        first_response_at=now - 7 * day,
        closed_at=now - 6 * day,
        status=Inquiry.Status.CLOSED,
    )
    factories.make_inquiry(district_a, category, created_at=now - 20 * day)  # unanswered: overdue
    a, b = district_figures([district_a, district_b], now)
    assert (a.open, a.overdue) == (2, 1)
    assert a.median_first_response_days == 2.0  # 1 and 3 days
    assert a.median_closing_days == 4.0
    assert (b.open, b.overdue, b.median_first_response_days) == (0, 0, None)


def test_target_is_configurable(district_a, category, settings):
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):  # Monday
        inquiry = factories.make_inquiry(district_a, category)
    settings.INQUIRY_RESPONSE_DAYS = 1
    with time_machine.travel("2026-03-04 08:00 +01:00", tick=False):
        assert inquiry.is_overdue()
        assert district_figures([district_a])[0].overdue == 1
    settings.INQUIRY_RESPONSE_DAYS = 5
    with time_machine.travel("2026-03-04 08:00 +01:00", tick=False):
        assert not inquiry.is_overdue()
        assert district_figures([district_a])[0].overdue == 0
