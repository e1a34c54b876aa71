from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.core import pagination
from quartier.participation.models import Idea
from tests import factories
from tests.pages import page_link
from tests.participation.conftest import field_of_action, make_idea

pytestmark = pytest.mark.django_db
URL = "/mitmachen/ideen/"


def test_list_filters_by_district_field_and_status(client, district_a, district_b, resident):
    culture = field_of_action("kultur")
    make_idea(district_a, resident, title="Bücherschrank", field_of_action=culture, status=Idea.Status.ACCEPTED)
    make_idea(district_b, resident, title="Spielplatz")
    assert reverse("participation:ideas") == URL

    content = client.get(URL, {"district": "buehl"}).content.decode()
    assert "Spielplatz" in content
    assert "Bücherschrank" not in content
    content = client.get(URL, {"field": "kultur"}).content.decode()
    assert "Bücherschrank" in content
    assert "Spielplatz" not in content
    content = client.get(URL, {"status": "accepted"}).content.decode()
    assert "Bücherschrank" in content
    assert "Spielplatz" not in content


def test_list_searches_title_and_text(client, district_a, resident):
    make_idea(district_a, resident, title="Bücherschrank", text="In der alten Telefonzelle")
    make_idea(district_a, resident, title="Spielplatz")
    content = client.get(URL, {"q": "telefonzelle"}).content.decode()
    assert "Bücherschrank" in content
    assert "Spielplatz" not in content


@pytest.mark.parametrize(
    ("sort", "first"),
    [("new", "Neueste"), ("supported", "Beliebteste"), ("discussed", "Umstrittenste"), ("unterstuetzt", "Beliebteste")],
)
def test_list_sorts(client, district_a, resident, sort, first):
    make_idea(district_a, resident, title="Beliebteste", support_count=9)
    make_idea(district_a, resident, title="Umstrittenste", comment_count=9)
    make_idea(district_a, resident, title="Neueste")
    content = client.get(URL, {"sort": sort}).content.decode()
    positions = {title: content.index(title) for title in ["Beliebteste", "Umstrittenste", "Neueste"]}
    assert min(positions, key=positions.__getitem__) == first


def test_unknown_filter_values_are_ignored(client, district_a, resident):
    make_idea(district_a, resident, title="Bücherschrank")
    response = client.get(URL, {"district": "gibt-es-nicht", "sort": "x", "seite": "abc"})
    assert response.status_code == 200


def test_list_pages_after_twenty(client, district_a, resident):
    for number in range(25):
        make_idea(district_a, resident, title=f"Idee Nummer {number:02d}")
    first = client.get(URL).content.decode()
    second = client.get(URL + page_link(first)).content.decode()
    assert "Idee Nummer 24" in first
    assert "Idee Nummer 04" not in first
    assert "Idee Nummer 04" in second
    assert "Idee Nummer 05" not in second
    assert "25 Ideen" in first
    assert "Idee Nummer 24" in client.get(URL + page_link(second, "prev")).content.decode()


def test_a_long_list_says_more_than_the_cap_instead_of_counting_every_idea(client, district_a, resident, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    for number in range(4):
        make_idea(district_a, resident, title=f"Idee Nummer {number:02d}")
    assert "mehr als 3 Ideen" in client.get(URL).content.decode()


def test_list_query_count_does_not_grow_with_ideas(client, district_a, district_b, resident, no_page_cache):
    make_idea(district_a, resident)
    client.get(URL)  # warm the per-process caches (town, content version)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(30):
        make_idea(district_b if number % 2 else district_a, factories.make_user(), title=f"Idee {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"sort": "supported"})
    assert len(many) == len(few)
    assert len(many) <= 12


def test_map_shows_the_filtered_ideas_with_a_place_beside_the_list(client, district_a, district_b, resident):
    make_idea(district_a, resident, title="Mit Ort", latitude=50.9, longitude=7.8)
    make_idea(district_b, resident, title="Anderer Ort", latitude=50.8, longitude=7.7)
    make_idea(district_a, resident, title="Ohne Ort")
    response = client.get(URL, {"district": "alchen"})
    markers = response.context["map_data"]["markers"]
    assert [marker["name"] for marker in markers] == ["Mit Ort"]
    content = response.content.decode()
    assert 'id="map-data"' in content
    assert "Ohne Ort" in content
    assert "Anderer Ort" not in content


@pytest.mark.parametrize("sort", ["neu", "unterstuetzt", "diskutiert"])
def test_list_queries_stay_few_with_cold_caches(client, district_a, resident, sort, django_assert_max_num_queries):
    for number in range(25):
        make_idea(district_a, resident, title=f"Idee {number}", support_count=number % 4, comment_count=number % 3)
    cache.clear()
    with django_assert_max_num_queries(6):  # 5, and the page cache's data version
        first = client.get(URL, {"sort": sort}).content.decode()
    with django_assert_max_num_queries(6):
        second = client.get(URL + page_link(first)).content.decode()
    titles = [f"Idee {number}<" for number in range(25)]
    assert sum(title in first for title in titles) == 20
    assert sum(title in second for title in titles) == 5
    assert not any(title in first and title in second for title in titles)


def test_a_cached_card_shows_an_edit_and_new_support_on_the_next_request(client, district_a, resident):
    idea = make_idea(district_a, resident, title="Bücherschrank")
    assert "Bücherschrank" in client.get(URL).content.decode()
    idea.title = "Offener Bücherschrank"
    idea.save()
    Idea.objects.filter(pk=idea.pk).update(support_count=7)  # counts change without touching updated_at
    html = client.get(URL).content.decode()
    assert "Offener Bücherschrank" in html
    assert "7 Unterstützungen" in html
