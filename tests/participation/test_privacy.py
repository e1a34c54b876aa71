from __future__ import annotations

import pytest

from quartier.core.privacy import collect_personal_data
from quartier.participation.services import post_comment, support_idea

pytestmark = pytest.mark.django_db


def test_download_my_data_includes_ideas_supports_and_comments(idea, resident):
    support_idea(idea=idea, user=resident)
    post_comment(idea=idea, author=resident, text="Mein Kommentar")
    data = collect_personal_data(resident)["participation"]
    assert data["ideas"][0]["title"] == idea.title
    assert data["supported_ideas"] == [idea.title]
    assert data["comments"][0]["text"] == "Mein Kommentar"
