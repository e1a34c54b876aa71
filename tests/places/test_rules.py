"""Each places rule, for the resident, staff of this district, staff of another, the coordinator."""

from __future__ import annotations

import pytest

from tests import factories


def test_cockpit_is_for_staff_and_coordinators(resident, staff_a, coordinator):
    assert not resident.has_perm("places.view_cockpit")
    assert staff_a.has_perm("places.view_cockpit")
    assert coordinator.has_perm("places.view_cockpit")


def test_only_staff_of_the_district_may_edit_it(resident, staff_a, staff_b, coordinator, district_a):
    assert staff_a.has_perm("places.edit_district", district_a)
    assert not staff_b.has_perm("places.edit_district", district_a)
    assert not resident.has_perm("places.edit_district", district_a)
    assert coordinator.has_perm("places.edit_district", district_a)


def test_shared_contact_point_needs_staff_of_every_district_it_serves(
    staff_a, staff_b, coordinator, district_a, district_b
):
    shared = factories.make_contact_point(name="Gemeinsames Büro")
    district_a.contact_point = shared
    district_a.save()
    district_b.contact_point = shared
    district_b.save()
    assert not staff_a.has_perm("places.edit_contactpoint", shared)
    district_b.staff.add(staff_a)
    staff_a = type(staff_a).objects.get(pk=staff_a.pk)  # fresh object: district ids are cached per user object
    assert staff_a.has_perm("places.edit_contactpoint", shared)
    assert coordinator.has_perm("places.edit_contactpoint", shared)


def test_inactive_coordinator_has_no_rights(coordinator, district_a):
    coordinator.is_active = False
    assert not coordinator.has_perm("places.edit_district", district_a)


@pytest.mark.parametrize("perm", ["places.view_cockpit", "places.edit_district"])
def test_anonymous_has_no_staff_rights(perm, district_a):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm(perm, district_a)
