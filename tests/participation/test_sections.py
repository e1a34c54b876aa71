from __future__ import annotations

import pytest

from quartier.participation.models import Idea
from tests import factories
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


def test_project_page_shows_the_ideas_it_came_from(client, district_a, resident):
    project = factories.make_project(district_a)
    make_idea(district_a, resident, title="Bücherschrank", project=project)
    make_idea(district_a, resident, title="Andere Idee")
    content = client.get(project.get_absolute_url()).content.decode()
    assert "Aus diesen Ideen entstanden" in content
    assert "Bücherschrank" in content
    assert "Andere Idee" not in content
