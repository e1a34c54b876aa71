from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.places.models import District
from tests import factories


def test_home_shows_the_town_its_districts_and_contact_points(client, district_a, district_b):
    html = client.get("/").content.decode()
    assert "Freudenberg" in html
    assert "Alchen" in html
    assert "Bühl" in html
    assert "Büro A" in html
    assert 'href="/ortsteile/alchen/"' in html


def test_map_needs_a_click_and_lists_the_same_places(client, district_a):
    html = client.get("/").content.decode()
    assert "data-map-show hidden" in html  # shown by JavaScript, which loads tiles only on click
    assert "tile.openstreetmap.org" not in html.split('id="map-data"')[0]


def test_district_page_shows_portrait_contact_point_and_staff(client, district_a, staff_a):
    district_a.portrait = "Ein **schönes** Dorf."
    district_a.save()
    district_a.contact_point.office_hours = "Montags 9–12 Uhr"
    district_a.contact_point.save()
    html = client.get("/ortsteile/alchen/").content.decode()
    assert "<strong>schönes</strong>" in html
    assert "Montags 9–12 Uhr" in html
    assert "Anna A" in html
    assert "staff-a@example.org" not in html  # staff e-mail addresses stay private


def test_unknown_district_is_404(client, town):
    assert client.get("/ortsteile/atlantis/").status_code == 404


def test_theme_stylesheet_uses_the_town_colour(client, town):
    town.primary_color = "#225522"
    town.save()
    css = client.get("/theme.css").content.decode()
    assert "--kern-color-action-default: #225522" in css


def _fill_districts(count: int) -> None:
    contact_point = factories.make_contact_point()
    staff = factories.make_user()
    existing = District.objects.count()
    for _ in range(count - existing):
        factories.make_district(contact_point=contact_point).staff.add(staff)


@pytest.mark.parametrize("url", ["/", "/ortsteile/", "/ortsteile/alchen/"])
def test_query_count_does_not_grow_with_the_number_of_districts(client, district_a, url, django_assert_max_num_queries):
    _fill_districts(5)
    cache.clear()  # before each measurement: the uncached page, not a cached fragment
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill_districts(60)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("url", "most"), [("/", 11), ("/ortsteile/alchen/", 13)])
def test_pages_stay_within_a_fixed_number_of_queries(client, district_a, url, most, django_assert_max_num_queries):
    _fill_districts(60)
    client.get(url)
    cache.clear()  # measure the page rendered, not served from its cached fragments
    # The district page also shows the sections apps register (events, projects, reports, ideas,
    # organisations, the published yearly reports): one query each.
    with django_assert_max_num_queries(most) as measured:
        assert client.get(url).status_code == 200
    assert len(measured.captured_queries) > 2


@pytest.mark.parametrize("url", ["/", "/ortsteile/", "/ortsteile/alchen/"])
def test_cached_pages_show_a_change_at_once(client, district_a, url):
    assert "Büro A" in client.get(url).content.decode()
    district_a.contact_point.name = "Neues Büro"
    district_a.contact_point.save()
    html = client.get(url).content.decode()
    assert "Neues Büro" in html
    assert "Büro A" not in html


def test_a_new_district_appears_on_the_cached_home_page(client, district_a):
    client.get("/")
    factories.make_district("Neudorf")
    assert "Neudorf" in client.get("/").content.decode()


def test_cached_home_page_follows_the_language(client, district_a):
    client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Our districts" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_renamed_town_shows_at_once(client, town):
    client.get("/")
    town.name = "Neustadt"
    town.save()
    assert "Neustadt" in client.get("/").content.decode()
