"""Who may do what with funding: coordinators everything (they keep the programmes); district
staff the applications of projects in their districts."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_coordinator, is_staff_member

rules.add_perm("funding.add_application", is_staff_member)
rules.add_perm("funding.view_application", can_work_in)
rules.add_perm("funding.change_application", can_work_in)
rules.add_perm("funding.manage_programmes", is_coordinator)
