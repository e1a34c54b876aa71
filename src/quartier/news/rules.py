"""Who may write news: staff for their districts, coordinators everywhere (and for the whole town).
Campaigns: staff write them for their districts; a campaign is theirs only when its district
and the districts of all its lists are theirs."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_coordinator, is_staff_member, is_staff_of_all

rules.add_perm("news.add_post", is_staff_member)
rules.add_perm("news.change_post", can_work_in)
rules.add_perm("news.add_campaign", is_staff_member)
rules.add_perm("news.change_campaign", is_coordinator | is_staff_of_all)
