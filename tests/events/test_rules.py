from __future__ import annotations

from tests import factories


def test_event_rules_per_role(resident, staff_a, staff_b, coordinator, district_a):
    event = factories.make_event(district_a)
    for perm in ("events.change_event", "events.manage_registrations", "events.publish_event"):
        assert not resident.has_perm(perm, event)
        assert staff_a.has_perm(perm, event)
        assert not staff_b.has_perm(perm, event)
        assert coordinator.has_perm(perm, event)
