"""The district page, the project page and the cockpit render what apps register."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import format_html

from quartier.core import registry
from tests import factories
from tests.registered import registered

pytestmark = pytest.mark.django_db


def _section(text: str, **fields: Any) -> registry.PageSection:
    return registry.PageSection(
        name=f"test-{text}", render=lambda request, obj: format_html("<p>{} {}</p>", text, obj), **fields
    )


def test_district_page_renders_registered_sections_in_their_order(client, district_a):
    late, early = _section("Später", order=999), _section("Früher", order=-1, column="side")
    with registered(registry.district_sections, late, early):
        html = client.get(district_a.get_absolute_url()).content.decode()
    assert "<p>Früher Alchen</p>" in html
    assert html.index("Früher Alchen") < html.index("Später Alchen")


def test_a_section_that_renders_nothing_leaves_no_trace_and_text_is_escaped(client, district_a):
    empty = registry.PageSection(name="test-empty", render=lambda request, obj: None)
    plain = registry.PageSection(name="test-plain", render=lambda request, obj: "<b>roh</b>")
    with registered(registry.district_sections, empty, plain):
        html = client.get(district_a.get_absolute_url()).content.decode()
    assert "&lt;b&gt;roh&lt;/b&gt;" in html


def test_home_page_renders_registered_sections_in_their_order_cached_for_everyone(client, town, staff_a):
    calls: list[Any] = []

    def personal(request: Any, obj: Any) -> str:
        calls.append(request.user)
        return format_html("<p>Für {}</p>", obj)

    late, early = _section("Später", order=999), registry.PageSection(name="test-early", render=personal, order=-1)
    with registered(registry.home_sections, late, early):
        cache.clear()
        html = client.get("/").content.decode()
        assert "<p>Für Freudenberg</p>" in html
        assert html.index("Für Freudenberg") < html.index("Später Freudenberg")
        client.force_login(staff_a)
        assert "Später Freudenberg" in client.get("/").content.decode()
    # The second visitor got the cached sections: rendered once, for whoever came first.
    assert len(calls) == 1


def test_profile_renders_registered_sections_for_the_signed_in_person(client, resident):
    section = registry.PageSection(
        name="test-mine", render=lambda request, user: format_html("<p>Nur für {}</p>", user.email)
    )
    client.force_login(resident)
    with registered(registry.profile_sections, section, _section("Zweite", order=999)):
        html = client.get("/konto/profil/").content.decode()
    assert f"<p>Nur für {resident.email}</p>" in html
    assert html.index("Nur für") < html.index("Zweite")


def test_project_page_renders_registered_sections_in_both_columns(client, district_a):
    project = factories.make_project(district_a, title="Dorfplatz")
    main, side = _section("Haupt"), _section("Rand", column="side")
    with registered(registry.project_sections, main, side):
        html = client.get(project.get_absolute_url()).content.decode()
    aside = html.split("<aside", 1)[1].split("</aside>", 1)[0]
    assert "Rand Dorfplatz" in aside
    assert "Haupt Dorfplatz" in html
    assert "Haupt Dorfplatz" not in aside


def test_cockpit_shows_registered_tiles_with_their_count_and_link(as_user, staff_a, district_a):
    tile = registry.CockpitTile(
        name="test-tile",
        label="Prüfkachel",
        url_name="places:district_list",
        count=lambda user: 7,
        description="Wartet",
    )
    hidden = registry.CockpitTile(
        name="test-hidden", label="Unsichtbar", url_name="places:home", visible=lambda u: False
    )
    with registered(registry.cockpit_tiles, tile, hidden):
        html = as_user(staff_a).get("/cockpit/").content.decode()
    assert '<a class="kern-link" href="/ortsteile/">Prüfkachel</a>' in html
    assert "Wartet: <strong>7</strong>" in html
    assert "Unsichtbar" not in html


def test_cockpit_sections_get_the_staff_members_districts(as_user, staff_a, district_a, district_b):
    section = registry.PageSection(
        name="test-districts",
        render=lambda request, districts: format_html("<p>{}</p>", ",".join(d.name for d in districts)),
    )
    with registered(registry.cockpit_sections, section):
        html = as_user(staff_a).get("/cockpit/").content.decode()
    assert "<p>Alchen</p>" in html


def _many_districts_with_content(staff: Any, count: int) -> None:
    category = factories.make_category(unique=True)
    for _ in range(count):
        district = factories.make_district(contact_point=factories.make_contact_point())
        district.staff.add(staff)
        factories.make_inquiry(district, category)
        factories.make_event(district, is_published=False)


def test_cockpit_queries_do_not_grow_with_the_staff_members_districts(as_user, staff_a, django_assert_max_num_queries):
    _many_districts_with_content(staff_a, 2)
    with CaptureQueriesContext(connection) as few:
        assert as_user(staff_a).get("/cockpit/").status_code == 200
    _many_districts_with_content(staff_a, 30)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert as_user(staff_a).get("/cockpit/").status_code == 200
