"""Who may do what with the directory: staff in their districts, coordinators everywhere."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_staff_member

rules.add_perm("network.add_organisation", is_staff_member)
rules.add_perm("network.change_organisation", can_work_in)
rules.add_perm("network.view_matrix", is_staff_member)
rules.add_perm("network.manage_round_table", can_work_in)
