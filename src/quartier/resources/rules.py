"""Who may do what with resources and bookings."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in

# Decide, hand over, take back, book on someone's behalf: staff of the resource's district.
rules.add_perm("resources.manage_bookings", can_work_in)
