"""Who may write news: staff for their districts, coordinators everywhere (and for the whole town)."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_staff_member

rules.add_perm("news.add_post", is_staff_member)
rules.add_perm("news.change_post", can_work_in)
