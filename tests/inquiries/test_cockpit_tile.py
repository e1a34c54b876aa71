from __future__ import annotations

import pytest

from quartier.inquiries.hooks import open_inquiries
from quartier.inquiries.models import Inquiry
from tests import factories

pytestmark = pytest.mark.django_db


def test_open_inquiries_counts_only_my_districts_and_not_closed_ones(staff_a, coordinator, district_a, district_b):
    category = factories.make_category()
    factories.make_inquiry(district_a, category)
    factories.make_inquiry(district_a, category, status=Inquiry.Status.CLOSED)
    factories.make_inquiry(district_b, category)
    assert open_inquiries(staff_a) == 1
    assert open_inquiries(coordinator) == 2
