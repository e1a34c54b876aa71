"""htmx comes from our own static files, with its settings read before it starts."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory

from quartier.core.htmx import wants_fragment

pytestmark = pytest.mark.django_db


def test_pages_load_htmx_and_its_settings_from_our_static_files(client, town):
    content = client.get("/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)" defer', content)
    htmx, config = "/static/django_htmx/htmx-2.min.js", "/static/core/htmx-config.js"
    # Deferred scripts run in order: the settings apply before htmx sets itself up.
    assert scripts.index(htmx) < scripts.index(config)
    assert all(src.startswith("/static/") for src in scripts)
    assert finders.find("django_htmx/htmx-2.min.js")
    assert finders.find("core/htmx-config.js")


@pytest.mark.parametrize(
    ("headers", "fragment"),
    [
        ({}, False),
        ({"HX-Request": "true"}, True),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),
    ],
)
def test_only_htmx_swaps_get_a_fragment(headers, fragment):
    from django_htmx.middleware import HtmxDetails

    request = RequestFactory().get("/", headers=headers)
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    assert wants_fragment(request) is fragment
