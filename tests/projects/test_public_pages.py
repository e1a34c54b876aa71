from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.places.models import FieldOfAction
from quartier.projects.models import Project, ProjectUpdate
from tests import factories


def test_fields_of_action_are_seeded(db):
    assert list(FieldOfAction.objects.values_list("name", flat=True)) == [
        "Jugend",
        "Familie",
        "Senioren",
        "Kultur",
        "Integration",
        "Nachbarschaft",
        "Umwelt",
        "Sport",
    ]


def test_project_list_filters_and_search(client, district_a, district_b):
    youth = FieldOfAction.objects.get_or_create(slug="jugend", defaults={"name": "Jugend"})[0]
    dorfolympiade = factories.make_project(district_a, title="Dorfolympiade", status=Project.Status.RUNNING)
    dorfolympiade.fields_of_action.add(youth)
    factories.make_project(district_b, title="Kulturwoche", status=Project.Status.DONE)
    html = client.get("/projekte/").content.decode()
    assert "Dorfolympiade" in html
    assert "Kulturwoche" in html
    html = client.get("/projekte/?district=buehl").content.decode()
    assert "Kulturwoche" in html
    assert "Dorfolympiade" not in html
    html = client.get("/projekte/?field=jugend&status=running").content.decode()
    assert "Dorfolympiade" in html
    assert "Kulturwoche" not in html
    html = client.get("/projekte/?q=kultur").content.decode()
    assert "Kulturwoche" in html
    assert "Dorfolympiade" not in html
    assert client.get("/projekte/?status=nonsense&page=-1").status_code == 200


def test_project_page_shows_updates_and_events(client, district_a):
    project = factories.make_project(district_a, title="Ferienspiele", description="Für **alle** Kinder.")
    ProjectUpdate.objects.create(
        project=project, date=datetime.date(2026, 7, 1), title="Anmeldung offen", body="Los geht's."
    )
    factories.make_event(district_a, title="Ferienspiele Woche 1", project=project)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "<strong>alle</strong>" in html
    assert "Anmeldung offen" in html
    assert "Ferienspiele Woche 1" in html
    assert f'href="/termine/projekt/{project.slug}.ics"' in html


def test_district_page_shows_its_projects_and_events(client, district_a, district_b):
    factories.make_project(district_a, title="Spielekiste")
    factories.make_project(district_b, title="Anderswo")
    factories.make_event(district_a, title="Herbstmarkt")
    html = client.get("/ortsteile/alchen/").content.decode()
    assert "Spielekiste" in html
    assert "Herbstmarkt" in html
    assert "Anderswo" not in html


def _fill(district, count):
    youth = FieldOfAction.objects.get_or_create(slug="jugend", defaults={"name": "Jugend"})[0]
    for _ in range(count):
        factories.make_project(district).fields_of_action.add(youth)


@pytest.mark.parametrize("url", ["/projekte/", "/ortsteile/alchen/"])
def test_query_count_does_not_grow_with_projects(client, district_a, url, django_assert_num_queries):
    _fill(district_a, 3)
    client.get(url)
    # The district page is cached: measure it rendered, not served from the cache.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) > 1
    _fill(district_a, 30)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_project_page_query_count_does_not_grow(client, district_a, no_page_cache, django_assert_num_queries):
    project = factories.make_project(district_a)
    client.get(project.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(project.get_absolute_url())
    for number in range(20):
        ProjectUpdate.objects.create(project=project, date=datetime.date(2026, 1, 1), title=f"U{number}", body="x")
        factories.make_event(district_a, project=project)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(project.get_absolute_url()).status_code == 200
