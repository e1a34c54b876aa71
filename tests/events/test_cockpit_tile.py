from __future__ import annotations

import pytest

from quartier.events.hooks import unpublished_events
from tests import factories

pytestmark = pytest.mark.django_db


def test_unpublished_events_counts_only_my_districts(staff_a, coordinator, district_a, district_b):
    factories.make_event(district_a, is_published=False)
    factories.make_event(district_a, is_published=True)
    factories.make_event(district_b, is_published=False)
    assert unpublished_events(staff_a) == 1
    assert unpublished_events(coordinator) == 2
