"""The calendar filters in place with htmx (the URL keeps the filter); without it the form loads the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_htmx_filter_gets_only_the_dates_and_the_feed_of_the_selection(client, district_a, district_b):
    factories.make_event(district_a, title="Spieleabend")
    factories.make_event(district_b, title="Flohmarkt")
    response = client.get("/termine/", {"district": district_b.slug}, headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="calendar-results"')
    assert "Flohmarkt" in content
    assert "Spieleabend" not in content
    assert "<html" not in content
    assert reverse("events:feed_district", args=[district_b.slug]) in content  # the selection's own feed
    assert "HX-Request" in response["Vary"]


def test_without_htmx_the_calendar_is_the_whole_page_with_the_htmx_form(client, district_a):
    factories.make_event(district_a, title="Spieleabend")
    content = client.get("/termine/", {"district": district_a.slug}).content.decode()
    assert "<html" in content
    assert 'data-hx-get="/termine/"' in content
    assert 'data-hx-target="#calendar-results"' in content
    assert "Spieleabend" in content
    assert "Diese Auswahl abonnieren" in content


def test_calendar_fragment_takes_no_more_queries_than_the_page(client, district_a):
    for _ in range(3):
        factories.make_event(district_a, registration_required=True, capacity=10)
    client.get("/termine/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as page:
        client.get("/termine/", {"free": "on"})
    for _ in range(20):
        factories.make_event(district_a, registration_required=True, capacity=10)
    with CaptureQueriesContext(connection) as fragment:
        client.get("/termine/", {"free": "on"}, headers=HTMX)
    assert len(fragment) <= len(page)
