from __future__ import annotations

import pytest

from quartier.participation.models import Idea
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db


def test_district_page_shows_its_ideas_but_not_declined_ones(client, district_a, district_b, resident):
    make_idea(district_a, resident, title="Bücherschrank")
    make_idea(district_a, resident, title="Parkhaus", status=Idea.Status.DECLINED)
    make_idea(district_b, resident, title="Anderswo")
    content = client.get(district_a.get_absolute_url()).content.decode()
    assert "Ideen für den Ortsteil" in content
    assert "Bücherschrank" in content
    assert "Parkhaus" not in content
    assert "Anderswo" not in content
