"""The projects list filters in place with htmx (the URL keeps the filter); without it the form loads the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db
URL = "/projekte/"
HTMX = {"HX-Request": "true"}


def test_htmx_filter_gets_only_the_results(client, district_a, district_b):
    factories.make_project(district_a, title="Ferienspiele")
    factories.make_project(district_b, title="Dorfgarten")
    response = client.get(URL, {"district": district_b.slug}, headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="project-results"')
    assert "Dorfgarten" in content
    assert "Ferienspiele" not in content
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_without_htmx_the_list_is_the_whole_page_with_the_htmx_form(client, district_a):
    factories.make_project(district_a, title="Ferienspiele")
    content = client.get(URL, {"district": district_a.slug}).content.decode()
    assert "<html" in content
    assert 'data-hx-get="/projekte/"' in content
    assert 'data-hx-target="#project-results"' in content
    assert "Ferienspiele" in content


def test_results_take_no_more_queries_than_the_page(client, district_a):
    for _ in range(3):
        factories.make_project(district_a)
    client.get(URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as page:
        client.get(URL, {"district": district_a.slug})
    for _ in range(20):
        factories.make_project(district_a)
    with CaptureQueriesContext(connection) as fragment:
        client.get(URL, {"district": district_a.slug}, headers=HTMX)
    assert len(fragment) <= len(page)
