from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("persona", "view", "change", "categories"),
    [
        ("resident", False, False, False),
        ("staff_a", True, True, False),
        ("staff_b", False, False, False),
        ("coordinator", True, True, True),
    ],
)
def test_who_may_work_on_an_inquiry_of_district_a(request, inquiry_a, persona, view, change, categories):
    user = request.getfixturevalue(persona)
    assert user.has_perm("inquiries.view_inquiry", inquiry_a) is view
    assert user.has_perm("inquiries.change_inquiry", inquiry_a) is change
    assert user.has_perm("inquiries.manage_categories") is categories
    assert user.has_perm("inquiries.manage_templates") is categories
