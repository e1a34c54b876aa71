"""District-scoped permission rules that every app uses.

An object that belongs to districts answers `permission_district_ids()`; a user's
districts come from the staff assignments of the places app. Coordinators act in
every district. Apps combine these predicates in their own `rules.py`.

Staff rights count only once the session passed the second factor: the middleware
`quartier.core.middleware.second_factor` marks each request's user, and until then every
predicate here answers as for a resident. A user object that did not come from a request
(a task, the shell, a service called with a user) is not marked and keeps its rights.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import rules

from quartier.core.pagecache import versioned


class InDistricts(Protocol):
    def permission_district_ids(self) -> Iterable[int]: ...


SECOND_FACTOR_ATTRIBUTE = "quartier_second_factor"


def passed_second_factor(user: Any) -> bool:
    """False for a request's user whose session has not passed the second factor."""
    return bool(getattr(user, SECOND_FACTOR_ATTRIBUTE, True))


def assigned_district_ids(user: Any) -> frozenset[int]:
    """The ids of the districts this user is assigned to, second factor or not (cached per user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_quartier_district_ids", None)
    if cached is None:
        cached = versioned(
            f"district-ids:{user.pk}", lambda: frozenset(user.staffed_districts.values_list("pk", flat=True))
        )
        user._quartier_district_ids = cached
    return cached


def staff_district_ids(user: Any) -> frozenset[int]:
    """The districts this user may act in as staff now: none before the second factor."""
    return assigned_district_ids(user) if passed_second_factor(user) else frozenset()


def has_staff_role(user: Any) -> bool:
    """District staff or coordinator by role, whether or not the second factor is passed yet:
    for the gate that asks for it and the link to the cockpit, never for a right."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return bool(user.is_coordinator or assigned_district_ids(user))


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser and passed_second_factor(user)
    )


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_coordinator
        and passed_second_factor(user)
    )


def sees_every_district(user: Any) -> bool:
    """Coordinators and administrators (with their second factor) act in every district."""
    return bool(is_coordinator(user) or is_administrator(user))


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
