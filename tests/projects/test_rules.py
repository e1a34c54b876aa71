from __future__ import annotations

from tests import factories


def test_project_rules_per_role(resident, staff_a, staff_b, coordinator, district_a):
    project = factories.make_project(district_a)
    assert not resident.has_perm("projects.change_project", project)
    assert staff_a.has_perm("projects.change_project", project)
    assert not staff_b.has_perm("projects.change_project", project)
    assert coordinator.has_perm("projects.change_project", project)
    assert not resident.has_perm("projects.add_project")
    assert staff_b.has_perm("projects.add_project")
