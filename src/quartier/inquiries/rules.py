"""Who may do what with inquiries: staff in their districts, coordinators everywhere."""

from __future__ import annotations

import rules

from quartier.core.permissions import can_work_in, is_coordinator, is_staff_member

rules.add_perm("inquiries.view_inbox", is_staff_member)
rules.add_perm("inquiries.view_inquiry", can_work_in)
rules.add_perm("inquiries.change_inquiry", can_work_in)
rules.add_perm("inquiries.manage_categories", is_coordinator)
rules.add_perm("inquiries.manage_templates", is_coordinator)
rules.add_perm("inquiries.manage_departments", is_coordinator)
