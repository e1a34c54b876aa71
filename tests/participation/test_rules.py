from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_manage_idea_rule(idea, resident, staff_a, staff_b, coordinator):
    assert not resident.has_perm("participation.manage_idea", idea)
    assert staff_a.has_perm("participation.manage_idea", idea)
    assert not staff_b.has_perm("participation.manage_idea", idea)
    assert coordinator.has_perm("participation.manage_idea", idea)
