"""The read API: public records only, no personal data, filters, pages, conditional requests,
CORS, the rate limit and constant query counts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from quartier.events.models import Event
from quartier.news.models import Post
from quartier.participation.models import Idea
from tests.api.conftest import add_public_records

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/districts",
    "/api/v1/contact-points",
    "/api/v1/fields-of-action",
    "/api/v1/projects",
    "/api/v1/events",
    "/api/v1/event-dates",
    "/api/v1/ideas",
    "/api/v1/helper-calls",
    "/api/v1/news",
    "/api/v1/organisations",
    "/api/v1/resources",
]


def items(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_lists_hold_only_what_the_public_pages_show(client, public_town):
    assert [event["title"] for event in items(client, "/api/v1/events")] == ["Fest 1"]
    assert {date["event"]["title"] for date in items(client, "/api/v1/event-dates")} == {"Fest 1"}
    assert [idea["title"] for idea in items(client, "/api/v1/ideas")] == ["Bank 1"]
    assert [post["title"] for post in items(client, "/api/v1/news")] == ["Meldung 1"]
    assert [resource["slug"] for resource in items(client, "/api/v1/resources")] == ["bierbank-1"]
    assert all(call["title"] != "Interner Aufruf" for call in items(client, "/api/v1/helper-calls"))


def test_hidden_records_are_not_found_by_address(client, public_town):
    secret = Event.objects.get(title="Geheimes Treffen")
    hidden = Idea.objects.get(title="Ausgeblendete Idee")
    for path in (
        f"/api/v1/events/{secret.pk}",
        f"/api/v1/ideas/{hidden.pk}",
        "/api/v1/news/entwurf",
        "/api/v1/news/spaeter",
        "/api/v1/resources/kaputter-grill",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not Found"}


def test_no_personal_data_in_any_answer(client, public_town):
    bodies = "".join(client.get(path).content.decode() for path in LISTS)
    bodies += client.get("/api/v1/resources/bierbank-1").content.decode()
    for personal in (
        "Rita Resident",
        "resident@example.org",
        "Ida Idee",
        "author1@",
        "Olga Orga",
        "orga@example.org",
        "Frau Kontakt",
    ):
        assert personal not in bodies, personal
    assert "info1@verein.example" in bodies  # an organisation's public office address is public


def test_resource_shows_busy_times_but_never_who_booked(client, public_town):
    answer = client.get("/api/v1/resources/bierbank-1").json()
    booking = public_town.booking
    assert len(answer["busy"]) == 1
    assert set(answer["busy"][0]) == {"start", "end"}
    assert abs(datetime.fromisoformat(answer["busy"][0]["start"]) - booking.blocked_start) < timedelta(milliseconds=1)
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert client.get(f"/api/v1/resources/bierbank-1?date_from={later}").json()["busy"] == []


def test_helper_calls_show_free_places_per_shift(client, public_town):
    (call,) = items(client, "/api/v1/helper-calls")
    assert [shift["places_left"] for shift in call["shifts"]] == [3, 3]


def test_filters_match_the_pages(client, public_town, district_b):
    for path in (
        "/api/v1/projects",
        "/api/v1/events",
        "/api/v1/event-dates",
        "/api/v1/ideas",
        "/api/v1/organisations",
        "/api/v1/resources",
        "/api/v1/helper-calls",
    ):
        assert len(items(client, f"{path}?district=alchen")) == 1, path
        assert items(client, f"{path}?district={district_b.slug}") == [], path
    field = public_town.field.slug
    for path in (
        "/api/v1/projects",
        "/api/v1/events",
        "/api/v1/event-dates",
        "/api/v1/ideas",
        "/api/v1/organisations",
        "/api/v1/news",
    ):
        assert len(items(client, f"{path}?field={field}")) == 1, path
        assert items(client, f"{path}?field=no-such-field") == [], path
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert len(items(client, f"/api/v1/event-dates?date_from={tomorrow}&date_to={tomorrow}")) == 1
    assert items(client, f"/api/v1/event-dates?date_from={tomorrow + timedelta(days=1)}") == []
    assert items(client, f"/api/v1/events?date_to={tomorrow - timedelta(days=1)}") == []
    assert items(client, f"/api/v1/news?district={district_b.slug}") == []
    # A post for the whole town (no district) belongs to every district, as on the page.
    Post.objects.create(title="Für alle", slug="fuer-alle", teaser="Stadtweit.", published_at=timezone.now())
    assert [post["slug"] for post in items(client, f"/api/v1/news?district={district_b.slug}")] == ["fuer-alle"]
    assert [post["slug"] for post in items(client, "/api/v1/news?district=alchen")] == ["fuer-alle", "meldung-1"]
    assert [project["slug"] for project in items(client, "/api/v1/projects?status=planned")] == ["spielplatz-1"]
    assert items(client, "/api/v1/projects?status=done") == []


def test_bad_parameters_are_a_422_not_a_server_error(client, public_town):
    for path in (
        "/api/v1/events?limit=0",
        "/api/v1/events?limit=101",
        "/api/v1/events?offset=100001",
        "/api/v1/events?district=%00",
        "/api/v1/events?date_from=gestern",
        "/api/v1/events/99999999999999999999",
    ):
        assert client.get(path).status_code == 422, path


def test_pages_by_limit_and_offset(client, public_town, district_a):
    add_public_records(district_a, public_town.field, 2)
    first = client.get("/api/v1/projects?limit=1").json()
    second = client.get("/api/v1/projects?limit=1&offset=1").json()
    assert first["count"] == second["count"] == 2
    assert [first["items"][0]["slug"], second["items"][0]["slug"]] == ["spielplatz-1", "spielplatz-2"]


def test_etag_and_last_modified_answer_304(client, public_town):
    response = client.get("/api/v1/projects")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert client.get("/api/v1/projects", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/projects", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    project = public_town.district.projects.get()
    project.title = "Neuer Titel"
    project.updated_at = timezone.now() + timedelta(seconds=2)
    project.save()
    changed = client.get("/api/v1/projects", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_only_data_is_publicly_cacheable(client, public_town, resident):
    assert client.get("/api/v1/districts")["Cache-Control"] == "public, max-age=60"
    client.force_login(resident)
    page = client.get("/api/v1/docs/")
    assert "public" not in page.get("Cache-Control", "")


def test_cors_for_reading(client, public_town):
    response = client.get("/api/v1/districts")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/districts", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.head("/api/v1/districts")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/termine/").get("Access-Control-Allow-Origin") is None


def test_rate_limit_answers_429_with_retry_after(client, public_town, settings):
    settings.API_RATE_LIMIT = 2
    assert client.get("/api/v1/districts").status_code == 200
    assert client.get("/api/v1/districts").status_code == 200
    response = client.get("/api/v1/districts")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/v1/districts", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@pytest.mark.parametrize("path", [*LISTS, "/api/v1/resources/bierbank-1"])
def test_query_count_stays_constant_as_lists_grow(client, public_town, district_a, path, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(6):
        assert client.get(path).status_code == 200
    for number in range(2, 6):
        add_public_records(district_a, public_town.field, number)
    cache.clear()
    with django_assert_max_num_queries(6):
        response = client.get(path)
    assert response.status_code == 200
    if "items" in (body := json.loads(response.content)) and path not in (
        "/api/v1/districts",
        "/api/v1/contact-points",
        "/api/v1/fields-of-action",
    ):
        assert len(body["items"]) >= 5, path
