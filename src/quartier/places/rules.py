"""Who may do what with the town, its districts and their contact points."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_coordinator, is_staff_member, is_staff_of_all

rules.add_perm("places.view_cockpit", is_staff_member)
rules.add_perm("places.edit_district", can_work_in)
# A contact point can serve several districts: only someone who works in all of them
# (or coordinates) may change what residents of each of them read.
rules.add_perm("places.edit_contactpoint", is_coordinator | is_staff_of_all)
