"""A first visit to the home page stays within its budget: at most 60 KB of compressed HTML,
CSS and JavaScript and at most 120 KB of fonts; Leaflet loads only when a map is asked for,
and a later page costs only its HTML. Measured through the test client and the static files
on disk, compressed as WhiteNoise serves them (benchmarks/firstvisit.py; the benchmark
measures the same against the running server)."""

from __future__ import annotations

import importlib
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from whitenoise.compress import Compressor

firstvisit = importlib.import_module("benchmarks.firstvisit")
pytestmark = pytest.mark.django_db


def as_served(client: Client):
    """A fetch through the test client; static files from disk, compressed as WhiteNoise
    compresses them when they are collected (brotli, else gzip; woff2 as it is)."""
    compressor = Compressor(quiet=True)

    def fetch(url: str) -> tuple[bytes, str]:
        parts = urlsplit(url)
        static_url = "/" + settings.STATIC_URL.lstrip("/")
        if parts.path.startswith(static_url):
            found = finders.find(parts.path.removeprefix(static_url))
            assert found, f"{url}: no such static file"
            with open(found, "rb") as handle:
                data = handle.read()
            if not compressor.should_compress(found):
                return data, ""
            if compressor.use_brotli:
                return compressor.compress_brotli(data), "br"
            return compressor.compress_gzip(data), "gzip"
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content, ""

    return fetch


@pytest.fixture
def demo_town(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False


def test_the_first_visit_to_the_home_page_stays_within_its_budget(demo_town, client):
    visit = firstvisit.first_visit(as_served(client), "/")
    kinds = {entry["kind"] for entry in visit["files"]}
    assert {"html", "css", "js", "font"} <= kinds  # it measured what the page really loads
    assert visit["page_bytes"] <= 60 * 1024, visit["files"]
    assert visit["font_bytes"] <= 120 * 1024, visit["files"]
    assert visit["within_budget"]


def test_leaflet_loads_only_when_a_map_is_asked_for(demo_town, client):
    visit = firstvisit.first_visit(as_served(client), "/")
    urls = [entry["url"] for entry in visit["files"]]
    assert not [url for url in urls if "leaflet" in url]
    home = client.get("/").content.decode()
    assert "data-map-show" in home  # the home page has its map …
    assert 'data-leaflet-script="/static/vendor/leaflet/leaflet.js"' in home  # … and knows where Leaflet is
    assert 'data-leaflet-style="/static/vendor/leaflet/leaflet.css"' in home


def test_a_later_page_costs_only_its_html(demo_town, client):
    fetch = as_served(client)
    first = firstvisit.first_visit(fetch, "/")
    for path in ("/ortsteile/", "/ortsteile/alchen/", "/termine/"):
        later = firstvisit.later_page(fetch, path, first)
        assert later["new_assets"] == [], path


def test_the_fonts_cover_every_character_of_the_sites_texts():
    """The subset fonts (scripts/update_vendor.py) hold every character the templates and
    translations use: a new one fails here until the fonts are subset again."""
    from fontTools.ttLib import TTFont

    vendor = importlib.import_module("scripts.update_vendor")
    wanted = {code for code in vendor.text_characters() if code > 0x20 and not chr(code).isspace()}
    for filename in vendor.KERN_FONTS:
        path = finders.find(f"vendor/kern/fonts/{filename}")
        assert path
        covered = set(TTFont(path).getBestCmap())
        missing = {code for code in wanted if code <= 0x2FFF} - covered  # beyond: symbols the font never had
        assert not missing, f"{filename} lacks {''.join(sorted(chr(code) for code in missing))}"
        assert {ord(ch) for ch in "äöüÄÖÜß–—„“”‚‘’…€•→ğşłć"} <= covered
