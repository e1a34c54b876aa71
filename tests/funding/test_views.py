"""The cockpit pages of applications and the public programme list: who sees what (by URL
guessing too), bad input keeps what was typed, query counts stay constant."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.funding.models import Application, ApplicationStep, Status
from quartier.places.models import FieldOfAction
from tests import factories
from tests.conftest import signed_in
from tests.funding.conftest import make_application, make_programme

pytestmark = pytest.mark.django_db


def test_staff_enter_an_application_through_the_form(staff_a, district_a):
    project = factories.make_project(district_a)
    programme = make_programme()
    response = signed_in(staff_a).post(
        "/cockpit/foerdermittel/neu/",
        {"title": "Jugendraum", "programme": programme.pk, "projects": [project.pk], "requested": "1234,50"},
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cockpit/foerdermittel/{application.pk}/"
    assert application.requested == Decimal("1234.50")


def test_a_deadline_in_the_past_gets_a_clear_message_and_keeps_what_was_typed(staff_a, district_a):
    project = factories.make_project(district_a)
    response = signed_in(staff_a).post(
        "/cockpit/foerdermittel/neu/",
        {
            "title": "Mein Antragstitel",
            "programme": make_programme().pk,
            "projects": [project.pk],
            "requested": "500",
            "submission_deadline": "2020-03-01",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Die Einreichungsfrist liegt in der Vergangenheit" in content
    assert 'value="Mein Antragstitel"' in content
    assert 'value="2020-03-01"' in content
    assert not Application.objects.exists()


def test_a_forbidden_step_through_the_form_gets_its_message(staff_a, district_a):
    application = make_application(district_a, status=Status.IDEA)
    response = signed_in(staff_a).post(application.get_absolute_url(), {"to": Status.CLOSED.value, "note": "x"})
    assert response.status_code == 302
    application = make_application(district_a, status=Status.SUBMITTED)
    response = signed_in(staff_a).post(
        application.get_absolute_url(), {"to": Status.FUNDS_CALLED.value, "amount": "10"}
    )
    assert response.status_code == 200
    assert "kann nicht in den Stand" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_paid_more_than_approved_through_the_form_is_refused_keeping_the_input(staff_a, district_a):
    application = make_application(district_a, status=Status.APPROVED, approved=Decimal("100.00"))
    response = signed_in(staff_a).post(
        application.get_absolute_url(), {"to": Status.FUNDS_CALLED.value, "amount": "100,01", "note": "Rate 1"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "bewilligt sind nur" in content
    assert "Rate 1" in content
    application.refresh_from_db()
    assert application.paid == Decimal("0.00")


def test_another_districts_staff_cannot_see_or_move_an_application_by_guessing(staff_b, district_a):
    application = make_application(district_a, title="Geheimer Antrag", status=Status.IDEA)
    client = signed_in(staff_b)
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.post(application.get_absolute_url(), {"to": Status.DRAFTING.value}).status_code == 404
    assert "Geheimer Antrag" not in client.get("/cockpit/foerdermittel/").content.decode()
    application.refresh_from_db()
    assert application.status == Status.IDEA
    assert application.steps.count() == 1


def test_coordinators_see_every_application(coordinator, district_a, district_b):
    make_application(district_a, title="Antrag A")
    make_application(district_b, title="Antrag B")
    content = signed_in(coordinator).get("/cockpit/foerdermittel/").content.decode()
    assert "Antrag A" in content
    assert "Antrag B" in content


def test_the_project_page_shows_its_applications_to_its_staff_only(client, staff_a, staff_b, district_a):
    application = make_application(district_a, title="Antrag fürs Projekt")
    project = application.projects.get()
    assert "Antrag fürs Projekt" in signed_in(staff_a).get(project.get_absolute_url()).content.decode()
    assert "Antrag fürs Projekt" not in signed_in(staff_b).get(project.get_absolute_url()).content.decode()
    assert "Antrag fürs Projekt" not in client.get(project.get_absolute_url()).content.decode()


def _many_applications(district, count: int) -> None:
    programme = make_programme()
    project = factories.make_project(district)
    Application.objects.bulk_create(
        Application(title=f"Antrag {n}", programme=programme, requested=Decimal("100.00")) for n in range(count)
    )
    through = Application.projects.through
    through.objects.bulk_create(
        through(application_id=pk, project_id=project.pk) for pk in Application.objects.values_list("pk", flat=True)
    )


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_list_and_an_application_page_keep_their_query_counts_with_5000_applications(staff_a, district_a):
    client = signed_in(staff_a)
    one = make_application(district_a)
    ApplicationStep.objects.create(application=one, to_status=Status.DRAFTING, on=timezone.localdate(), by=staff_a)
    few_list = _queries(client, "/cockpit/foerdermittel/")
    few_page = _queries(client, one.get_absolute_url())
    _many_applications(district_a, 5000)
    assert _queries(client, "/cockpit/foerdermittel/") == few_list
    assert _queries(client, one.get_absolute_url()) == few_page
    assert few_list <= 20
    assert few_page <= 20


def test_the_public_programme_list_shows_public_programmes_with_filters(client, district_a):
    youth = FieldOfAction.objects.get(slug="jugend")
    shown = make_programme(name="Jugend stärken", provider="state", public=True)
    shown.fields_of_action.set([youth])
    make_programme(name="Stiftungsgeld", provider="foundation", public=True)
    make_programme(name="Internes Programm", public=False)
    content = client.get("/foerderprogramme/").content.decode()
    assert "Jugend stärken" in content
    assert "Stiftungsgeld" in content
    assert "Internes Programm" not in content
    content = client.get("/foerderprogramme/?provider=foundation").content.decode()
    assert "Stiftungsgeld" in content
    assert "Jugend stärken" not in content
    content = client.get("/foerderprogramme/?field=jugend").content.decode()
    assert "Jugend stärken" in content
    assert "Stiftungsgeld" not in content


def test_the_public_programme_list_keeps_its_query_count(client, django_assert_max_num_queries):
    for _n in range(40):
        make_programme(public=True).fields_of_action.set(FieldOfAction.objects.all()[:2])
    cache.clear()
    with django_assert_max_num_queries(8):
        assert client.get("/foerderprogramme/").status_code == 200


def test_the_cockpit_tile_counts_the_deadlines_of_the_next_30_days(staff_a, staff_b, district_a):
    from quartier.funding.hooks import deadlines_ahead

    today = timezone.localdate()
    make_application(district_a, submission_deadline=today + datetime.timedelta(days=10))
    make_application(district_a, status=Status.FUNDS_CALLED, proof_due=today + datetime.timedelta(days=30))
    make_application(district_a, submission_deadline=today + datetime.timedelta(days=31))
    make_application(district_a, status=Status.SUBMITTED, submission_deadline=today + datetime.timedelta(days=5))
    assert deadlines_ahead(staff_a) == 2
    assert deadlines_ahead(staff_b) == 0


def test_reminders_go_to_the_districts_staff_on_the_set_days(
    staff_a, staff_b, district_a, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from quartier.funding.services import send_deadline_reminders

    settings.FUNDING_REMINDER_DAYS = [14, 3]
    today = timezone.localdate()
    make_application(district_a, title="Bald fällig", submission_deadline=today + datetime.timedelta(days=14))
    make_application(district_a, title="Noch nicht", submission_deadline=today + datetime.timedelta(days=13))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=today) == 1
    assert [mail.to for mail in mailoutbox] == [[staff_a.email]]
    assert "Bald fällig" in mailoutbox[0].subject
    assert "/cockpit/foerdermittel/" in mailoutbox[0].body
