"""Who may do what with projects: staff in their districts, coordinators everywhere."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_staff_member

rules.add_perm("projects.add_project", is_staff_member)
rules.add_perm("projects.change_project", can_work_in)
