"""Who may do what with funding: coordinators everything (they keep the programmes); district
staff the applications of projects in their districts."""

from __future__ import annotations

from typing import Any

import rules

from quartier.core.permissions import can_work_in, is_coordinator, is_staff_member


def partner_organisation_ids(user: Any) -> set[int]:
    """The organisations whose partner the user is (invitation accepted)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(user.partnerships.exclude(accepted_at=None).values_list("organisation_id", flat=True))


@rules.predicate
def is_partner_of_applicant(user: Any, application: Any) -> bool:
    """Partners see the applications their organisation makes (never change them)."""
    organisation_id = getattr(application, "organisation_id", None)
    return organisation_id is not None and organisation_id in partner_organisation_ids(user)


rules.add_perm("funding.add_application", is_staff_member)
rules.add_perm("funding.view_application", can_work_in | is_partner_of_applicant)
rules.add_perm("funding.change_application", can_work_in)
rules.add_perm("funding.manage_programmes", is_coordinator)
