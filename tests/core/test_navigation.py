"""The header's main navigation: what apps register, in their order, for whom they say."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.core import registry
from quartier.core.context_processors import navigation_urls
from tests.registered import registered

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    return html.split('aria-label="Hauptnavigation"', 1)[1].split("</nav>", 1)[0]


def test_navigation_shows_registered_entries_in_their_order(client, town):
    nav = _nav(client.get("/").content.decode())
    labels = re.findall(r"<a href=\"[^\"]+\"[^>]*>([^<]+)</a>", nav)
    assert labels == [str(entry.label) for entry in registry.navigation if entry.visible(AnonymousUser())]
    assert labels[0] == "Start"
    assert "Cockpit" not in labels


def test_a_registered_entry_appears_and_is_marked_current_below_its_url(client, town):
    entry = registry.NavEntry(name="test-districts", label="Testeintrag", url_name="places:district_list", order=5)
    with registered(registry.navigation, entry):
        nav = _nav(client.get("/ortsteile/alchen/").content.decode())
    assert 'href="/ortsteile/" aria-current="page">Testeintrag</a>' in nav
    assert 'href="/" aria-current' not in nav


def test_the_home_entry_is_current_only_on_the_home_page(client, town):
    assert 'href="/" aria-current="page"' in _nav(client.get("/").content.decode())
    assert 'href="/" aria-current="page"' not in _nav(client.get("/ortsteile/").content.decode())


def test_an_entry_shows_only_to_whom_it_says(client, as_user, town, staff_a):
    entry = registry.NavEntry(
        name="test-staff", label="Nur Personal", url_name="places:home", visible=lambda user: user.is_authenticated
    )
    with registered(registry.navigation, entry):
        assert "Nur Personal" not in _nav(client.get("/").content.decode())
        assert "Nur Personal" in _nav(as_user(staff_a).get("/").content.decode())
    assert "Cockpit" in _nav(as_user(staff_a).get("/").content.decode())
    assert "Cockpit" not in _nav(client.get("/").content.decode())


def test_more_entries_cost_no_query_and_urls_are_reversed_once(client, town):
    client.get("/ortsteile/")
    with CaptureQueriesContext(connection) as few:
        client.get("/ortsteile/")
    extra = [
        registry.NavEntry(name=f"test-{number}", label=f"Eintrag {number}", url_name="places:home", order=200 + number)
        for number in range(10)
    ]
    with registered(registry.navigation, *extra):
        client.get("/ortsteile/")
        misses = navigation_urls.cache_info().misses
        with CaptureQueriesContext(connection) as many:
            assert "Eintrag 9" in client.get("/ortsteile/").content.decode()
        assert navigation_urls.cache_info().misses == misses
    assert len(many.captured_queries) == len(few.captured_queries)
