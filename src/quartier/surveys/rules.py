"""Who may do what with surveys."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in

# Build a survey, see its results before it closes, read free-text answers, export them.
rules.add_perm("surveys.manage_survey", can_work_in)
