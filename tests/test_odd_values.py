"""Odd values that once made server errors (issue 8.13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartier.events.models import Event
from quartier.inquiries.models import Inquiry
from quartier.surveys.models import Survey
from tests import factories
from tests.events.test_staff_views import _form as event_form
from tests.inquiries.test_open311 import parse_xml

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "0001-01-01T00:00:00"},
        {"end_date": "9999-12-31T23:59:59-12:00"},
        {"start_date": "0001-01-01T00:00:00+14:00", "end_date": "9999-12-31T23:59:59"},
    ],
)
def test_open311_accepts_the_ends_of_the_calendar(client, town, params):
    response = client.get("/open311/v2/requests.json", params)
    assert response.status_code == 200


def test_line_break_in_an_event_title_keeps_its_calendar_file(as_user, client, staff_a, district_a):
    response = as_user(staff_a).post("/cockpit/termine/neu/", event_form(district_a, title="Spiele\r\nabend"))
    assert response.status_code in (200, 302)
    event = factories.make_event(district_a, title="Spiele\nabend", is_published=True)
    feed = client.get(reverse("events:feed_event", args=[event.pk]))
    assert feed.status_code == 200
    assert b"Spiele" in feed.content


@pytest.mark.parametrize("field", ["start", "end"])
def test_year_one_in_the_event_form_is_a_form_error(as_user, staff_a, district_a, field):
    event = factories.make_event(district_a)
    response = as_user(staff_a).post(
        f"/cockpit/termine/{event.pk}/bearbeiten/", event_form(district_a, **{field: "0001-01-01T00:00"})
    )
    assert response.status_code == 200
    assert Event.objects.get(pk=event.pk).start.year > 1


def test_year_one_in_a_new_survey_is_a_form_error(as_user, staff_a, district_a):
    data = {
        "title": "Umfrage",
        "introduction": "",
        "district": district_a.pk,
        "opens_at": "0001-01-01T00:00",
        "closes_at": "0001-01-02T00:00",
    }
    response = as_user(staff_a).post(reverse("surveys:create"), data)
    assert response.status_code == 200
    assert not Survey.objects.exists()


def test_control_characters_are_stripped_from_what_is_posted(client, district_a, immediate_tasks_inquiries):
    category = factories.make_category("Müll", code="001")
    response = client.post(
        "/open311/v2/requests.json",
        {
            "service_code": "001",
            "lat": str(district_a.latitude),
            "long": str(district_a.longitude),
            "description": "Kaputt\x00\x08\x1b[31m\x7f da\tdrüben\r\nja",
            "first_name": "A\x0bB",
        },
    )
    assert response.status_code == 200
    inquiry = Inquiry.objects.get()
    assert inquiry.text == "Kaputt[31m da\tdrüben\r\nja"
    assert inquiry.name == "AB"
    assert category.pk
    Inquiry.objects.update(public_consent=True, is_public=True)
    listing = client.get("/open311/v2/requests.xml", {"start_date": "2000-01-01T00:00:00Z"})
    assert parse_xml(listing.content).find("request") is not None  # well-formed XML, with the request


@pytest.fixture
def immediate_tasks_inquiries(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_an_id_beyond_64_bits_in_a_multiple_choice_is_a_form_error(as_user, staff_a, district_a):
    data = {"title": "Garten", "summary": "Kurz", "status": "planned", "districts": ["99999999999999999999999"]}
    response = as_user(staff_a).post(reverse("projects:create"), data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_a_word_as_next_page_of_bulk_assignment_is_no_view_name(as_user, staff_a, district_a):
    response = as_user(staff_a).post(reverse("inquiries:bulk_assign"), {"next": "25"})
    assert response.status_code == 302


def test_project_form_with_errors_still_links_to_the_saved_project(as_user, staff_a, district_a):
    project = factories.make_project(district_a)
    response = as_user(staff_a).post(reverse("projects:edit", args=[project.pk]), {"slug": "", "title": ""})
    assert response.status_code == 200


def test_open311_list_stays_valid_xml_with_control_characters_saved_earlier(client, district_a):
    # Not NUL: PostgreSQL's text columns cannot hold it, so no row can have it.
    inquiry = factories.make_inquiry(district_a, text="Alt\x07\x1bgespeichert")
    Inquiry.objects.filter(pk=inquiry.pk).update(public_consent=True, is_public=True)
    listing = client.get("/open311/v2/requests.xml", {"start_date": "2000-01-01T00:00:00Z"})
    assert parse_xml(listing.content).findtext("request/description") == "Altgespeichert"
