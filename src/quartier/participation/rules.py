"""Who may do what with ideas. Residents' own rights (edit own idea, own comment) are
model methods, because they depend on the author and on time, not on a role."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_administrator, is_coordinator

# Set the status with its public explanation and turn an idea into a project.
rules.add_perm("participation.manage_idea", can_work_in)
# Hide and restore ideas and comments, handle reports of the district.
rules.add_perm("participation.moderate", can_work_in)
# Blocking hides a person's contributions in every district, so it is the coordinators'
# act (district staff hide single contributions in their districts).
rules.add_perm("participation.block_person", is_coordinator | is_administrator)
