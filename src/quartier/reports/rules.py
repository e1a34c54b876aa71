"""Who may read a draft, write the texts and publish the yearly report.

A published report is public. A draft: coordinators see every page of it; district staff see
the town's and the fields of action's pages and their own districts' pages, not another
district's (they answer 404 as for a resident). District staff write their districts' texts;
the town's text and publishing are the coordinator's."""

from __future__ import annotations

from typing import Any

from quartier.core.permissions import is_staff_member, sees_every_district, staff_district_ids


def may_read(user: Any, report: Any, district: Any = None) -> bool:
    if report is not None and report.is_published:
        return True
    if sees_every_district(user):
        return True
    if district is None:
        return bool(is_staff_member(user))
    return district.pk in staff_district_ids(user)


def may_write(user: Any, district: Any = None) -> bool:
    if sees_every_district(user):
        return True
    return district is not None and district.pk in staff_district_ids(user)


def may_publish(user: Any) -> bool:
    return sees_every_district(user)
