from __future__ import annotations

from quartier.projects.models import Project, ProjectUpdate
from tests import factories


def _data(*districts, **overrides):
    data = {
        "title": "Spielekiste",
        "slug": "spielekiste",
        "summary": "Spiele zum Ausleihen.",
        "districts": [d.pk for d in districts],
        "status": "running",
    }
    data.update(overrides)
    return data


def test_staff_create_a_project_in_their_district(as_user, staff_a, district_a):
    response = as_user(staff_a).post("/cockpit/projekte/neu/", _data(district_a))
    project = Project.objects.get()
    assert response.status_code == 302
    assert list(project.districts.all()) == [district_a]


def test_staff_cannot_put_a_project_in_another_district(as_user, staff_b, district_a):
    response = as_user(staff_b).post("/cockpit/projekte/neu/", _data(district_a))
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_end_before_start_is_refused(as_user, staff_a, district_a):
    html = (
        as_user(staff_a)
        .post("/cockpit/projekte/neu/", _data(district_a, start="2026-05-01", end="2026-04-01"))
        .content.decode()
    )
    assert "Das Ende liegt vor dem Beginn." in html
    assert not Project.objects.exists()


def test_editing_keeps_districts_the_editor_does_not_work_in(as_user, staff_a, district_a, district_b):
    project = factories.make_project(district_a, district_b, slug="gemeinsam")
    response = as_user(staff_a).post(
        f"/cockpit/projekte/{project.pk}/bearbeiten/", _data(district_a, slug="gemeinsam", title="Neu")
    )
    assert response.status_code == 302
    assert set(project.districts.all()) == {district_a, district_b}


def test_other_districts_staff_cannot_edit(as_user, staff_b, district_a):
    project = factories.make_project(district_a)
    assert as_user(staff_b).post(f"/cockpit/projekte/{project.pk}/bearbeiten/", _data(district_a)).status_code == 403


def test_coordinator_edits_any_project_and_posts_an_update(as_user, coordinator, district_a):
    project = factories.make_project(district_a)
    client = as_user(coordinator)
    response = client.post(
        f"/cockpit/projekte/{project.pk}/neuigkeit/", {"date": "2026-06-01", "title": "Start", "body": "Es geht los."}
    )
    assert response.status_code == 302
    assert ProjectUpdate.objects.get().project == project


def test_an_empty_slug_is_made_from_the_title_with_umlauts_transliterated(as_user, staff_a, district_a):
    factories.make_project(district_a, slug="spiele-fuer-gross-und-klein")
    as_user(staff_a).post("/cockpit/projekte/neu/", _data(district_a, title="Spiele für Groß und Klein", slug=""))
    assert Project.objects.filter(slug="spiele-fuer-gross-und-klein-2").exists()
