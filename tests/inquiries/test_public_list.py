from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.pages import page_link


def test_only_approved_reports_are_listed_without_personal_data(client, district_a, category):
    factories.make_inquiry(
        district_a,
        category,
        is_public=True,
        text="Laterne defekt",
        public_answer="Ist **bestellt**.",
        name="Otto Geheim",
    )
    factories.make_inquiry(district_a, category, text="Nicht freigegeben")
    html = client.get("/anliegen/").content.decode()
    assert "Laterne defekt" in html
    assert "<strong>bestellt</strong>" in html
    assert "Nicht freigegeben" not in html
    assert "Otto Geheim" not in html
    assert "paula@example.org" not in html


def test_public_detail_and_map_marker(client, district_a, category):
    inquiry = factories.make_inquiry(district_a, category, is_public=True, latitude=50.88, longitude=7.89)
    html = client.get(inquiry.get_public_url()).content.decode()
    assert inquiry.text in html
    assert '"lat": 50.88' in html
    assert "Paula" not in html


def test_filters_by_district(client, district_a, district_b, category):
    factories.make_inquiry(district_a, category, is_public=True, text="in A")
    factories.make_inquiry(district_b, category, is_public=True, text="in B")
    for value in (district_b.slug, district_b.pk):  # the slug, like every list; a number from older links
        html = client.get(f"/anliegen/?district={value}").content.decode()
        assert "in B" in html
        assert "in A" not in html


def test_the_form_link_of_a_district_page_preselects_it_by_the_old_name_too(client, district_a, category):
    for name in ("district", "ortsteil"):
        html = client.get(f"/anliegen/neu/?{name}=alchen").content.decode()
        assert f'<option value="{district_a.pk}" selected>' in html, name


def _fill(district, category, count):
    for number in range(count):
        factories.make_inquiry(district, category, is_public=True, latitude=50.88, longitude=7.89 + number / 1000)


@pytest.mark.parametrize("url", ["/anliegen/", "/anliegen/?status=open"])
def test_query_count_does_not_grow_with_the_list(
    client, district_a, category, url, no_page_cache, django_assert_num_queries
):
    _fill(district_a, category, 2)
    client.get(url)  # warm the caches that any first request fills
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(district_a, category, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_form_page_and_district_section_stay_small(client, district_a, category, django_assert_max_num_queries):
    _fill(district_a, category, 5)
    with django_assert_max_num_queries(8):
        assert client.get("/anliegen/neu/").status_code == 200
    html = client.get(f"/ortsteile/{district_a.slug}/").content.decode()
    assert "/anliegen/neu/?district=alchen" in html


def test_public_list_pages_by_cursor_newest_first(client, district_a, category):
    numbers = [factories.make_inquiry(district_a, category, is_public=True).number for _ in range(23)][::-1]
    first = client.get("/anliegen/?status=open").content.decode()
    second = client.get("/anliegen/" + page_link(first)).content.decode()
    assert [n for n in numbers if n in first] == numbers[:20]
    assert [n for n in numbers if n in second] == numbers[20:]
    assert "status=open" in page_link(second, "prev")


def test_public_list_queries_stay_few_with_cold_caches(client, district_a, category, django_assert_max_num_queries):
    _fill(district_a, category, 25)
    for url in ("/anliegen/", f"/anliegen/?district={district_a.slug}&status=open"):
        cache.clear()
        with django_assert_max_num_queries(6):  # 4, the filter's district and the data version
            assert client.get(url).status_code == 200


def test_a_cached_card_shows_an_edit_on_the_next_request(client, district_a, category):
    inquiry = factories.make_inquiry(district_a, category, is_public=True, public_answer="Wird *geprüft*.")
    assert "<em>geprüft</em>" in client.get("/anliegen/").content.decode()
    inquiry.public_answer = "Ist **erledigt**."
    inquiry.save()
    html = client.get("/anliegen/").content.decode()
    assert "<strong>erledigt</strong>" in html
    assert "geprüft" not in html
