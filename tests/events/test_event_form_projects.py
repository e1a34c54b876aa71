"""The project choice on the event form offers only projects the staff member may attach
events to (issue 8.11)."""

from __future__ import annotations

from quartier.events.models import Event
from tests import factories
from tests.events.test_staff_views import _form


def test_project_choice_lists_only_projects_of_my_districts(as_user, staff_a, district_a, district_b):
    mine = factories.make_project(district_a, title="Dorfgarten")
    theirs = factories.make_project(district_b, title="Geheimprojekt Nachbarort")

    html = as_user(staff_a).get("/cockpit/termine/neu/").content.decode()

    assert mine.title in html
    assert theirs.title not in html


def test_posting_another_districts_project_is_refused(as_user, staff_a, district_a, district_b):
    theirs = factories.make_project(district_b)

    response = as_user(staff_a).post("/cockpit/termine/neu/", _form(district_a, project=theirs.pk))

    assert response.status_code == 200
    assert not Event.objects.exists()


def test_coordinator_attaches_any_project_and_staff_keep_it_when_editing(
    as_user, coordinator, staff_a, district_a, district_b
):
    shared = factories.make_project(district_b, title="Stadtweites Projekt")
    as_user(coordinator).post("/cockpit/termine/neu/", _form(district_a, project=shared.pk))
    event = Event.objects.get()
    assert event.project == shared

    data = _form(district_a, project=shared.pk, title="Neuer Titel")
    response = as_user(staff_a).post(f"/cockpit/termine/{event.pk}/bearbeiten/", data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.project) == ("Neuer Titel", shared)
