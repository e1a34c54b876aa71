"""Who may do what with helper calls and their sign-ups."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_staff_member

rules.add_perm("volunteering.add_call", is_staff_member)
# A call's shifts, roster, sign-ups on someone's behalf and removals: staff of its district.
rules.add_perm("volunteering.manage_call", can_work_in)
