"""Projects change only through their services: districts, updates."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.places.models import FieldOfAction
from quartier.projects.models import Project
from quartier.projects.services import create_project, post_project_update, update_project
from tests import factories

pytestmark = pytest.mark.django_db


def _new(**fields):
    return Project(title="Spielekiste", slug=fields.pop("slug", "spielekiste"), summary="Spiele.", **fields)


def test_staff_create_a_project_in_their_district_with_its_fields(staff_a, district_a):
    field = FieldOfAction.objects.create(name="Spiel", slug="spiel")
    project = create_project(project=_new(), districts=[district_a], fields_of_action=[field], by=staff_a)
    assert list(project.districts.all()) == [district_a]
    assert list(project.fields_of_action.all()) == [field]


def test_staff_cannot_create_a_project_in_another_district(staff_b, district_a):
    with pytest.raises(ValidationError) as error:
        create_project(project=_new(), districts=[district_a], fields_of_action=[], by=staff_b)
    assert "districts" in error.value.message_dict
    assert not Project.objects.exists()


def test_a_project_needs_a_district(coordinator):
    with pytest.raises(ValidationError):
        create_project(project=_new(), districts=[], fields_of_action=[], by=coordinator)
    assert not Project.objects.exists()


def test_update_keeps_the_districts_the_editor_does_not_work_in(staff_a, district_a, district_b):
    project = factories.make_project(district_a, district_b, slug="gemeinsam")
    project.title = "Neu"
    update_project(project=project, districts=[district_a], fields_of_action=[], by=staff_a)
    project.refresh_from_db()
    assert project.title == "Neu"
    assert set(project.districts.all()) == {district_a, district_b}


def test_update_cannot_add_a_district_the_editor_does_not_work_in(staff_a, district_a, district_b):
    project = factories.make_project(district_a, slug="allein")
    with pytest.raises(ValidationError):
        update_project(project=project, districts=[district_a, district_b], fields_of_action=[], by=staff_a)
    assert list(project.districts.all()) == [district_a]


def test_coordinator_removes_any_district(coordinator, district_a, district_b):
    project = factories.make_project(district_a, district_b, slug="gemeinsam")
    update_project(project=project, districts=[district_b], fields_of_action=[], by=coordinator)
    assert list(project.districts.all()) == [district_b]


def test_only_who_may_change_the_project_posts_an_update(staff_a, staff_b, district_a):
    project = factories.make_project(district_a)
    update = post_project_update(project=project, day=project.created_at.date(), title="Start", body="Los", by=staff_a)
    assert list(project.updates.all()) == [update]
    with pytest.raises(PermissionDenied):
        post_project_update(project=project, day=project.created_at.date(), title="Fremd", body="x", by=staff_b)


def test_admin_saves_projects_through_the_service(rf, district_a):
    from types import SimpleNamespace

    from django.contrib import admin

    administrator = factories.make_user(is_superuser=True, is_staff=True)
    request = rf.post("/")
    request.user = administrator
    form = SimpleNamespace(cleaned_data={"districts": [district_a], "fields_of_action": []})
    admin.site._registry[Project].save_model(request, _new(), form, change=False)
    assert list(Project.objects.get().districts.all()) == [district_a]
    form.cleaned_data["districts"] = []
    with pytest.raises(ValidationError):
        admin.site._registry[Project].save_model(request, _new(slug="leer"), form, change=False)
