"""Who may do what with events and registrations."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_staff_member

rules.add_perm("events.add_event", is_staff_member)
rules.add_perm("events.change_event", can_work_in)
# Participant lists, registrations on someone's behalf, approvals, attendance.
rules.add_perm("events.manage_registrations", can_work_in)
rules.add_perm("events.publish_event", can_work_in)
