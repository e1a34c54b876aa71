"""District-scoped permission rules that every app uses.

An object that belongs to districts answers `permission_district_ids()`; a user's
districts come from the staff assignments of the places app. Coordinators act in
every district. Apps combine these predicates in their own `rules.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import rules


class InDistricts(Protocol):
    def permission_district_ids(self) -> Iterable[int]: ...


def staff_district_ids(user: Any) -> frozenset[int]:
    """The ids of the districts this user is assigned to as staff (cached per user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_quartier_district_ids", None)
    if cached is None:
        cached = frozenset(user.staffed_districts.values_list("pk", flat=True))
        user._quartier_district_ids = cached
    return cached


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_coordinator)


@rules.predicate
def is_assigned_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and staff_district_ids(user))


@rules.predicate
def is_staff_of(user: Any, obj: InDistricts | None) -> bool:
    """True when the user is staff of at least one district the object belongs to."""
    if obj is None:
        return False
    mine = staff_district_ids(user)
    return any(pk in mine for pk in obj.permission_district_ids())


@rules.predicate
def is_staff_of_all(user: Any, obj: InDistricts | None) -> bool:
    """True when the user is staff of every district the object belongs to (shared records)."""
    if obj is None:
        return False
    theirs = set(obj.permission_district_ids())
    return bool(theirs) and theirs <= staff_district_ids(user)


is_staff_member = is_coordinator | is_assigned_staff
can_work_in = is_coordinator | is_staff_of
