"""Maps in the browser: Leaflet's script and styles load only when the visitor asks for the
map, and then the map shows its markers; the inquiry form's place picker fills its fields.
No tile leaves the machine: requests to the tile server are answered empty here."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from quartier.inquiries.models import Category

pytestmark = pytest.mark.browser

TILES = re.compile(r"^https://tile\.openstreetmap\.org/")


def _watch(page: Page) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route(TILES, lambda route: route.fulfill(status=204, body=""))
    return requested


def test_the_home_pages_map_loads_leaflet_only_after_the_click(site, page: Page, live_server) -> None:
    requested = _watch(page)
    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")
    assert not [url for url in requested if "leaflet" in url]
    assert not page.locator(".leaflet-container").count()
    page.get_by_role("button", name="Karte anzeigen").click()
    page.locator(".map-canvas.leaflet-container").wait_for()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 2  # the two districts
    assert [url for url in requested if url.endswith("leaflet.js")]
    assert [url for url in requested if url.endswith("leaflet.css")]
    assert page.get_by_role("button", name="Karte anzeigen").is_hidden()
    # Leaflet's styles apply: the marker image is placed absolutely, not in the flow.
    position = page.locator(".leaflet-marker-icon").first.evaluate("icon => getComputedStyle(icon).position")
    assert position == "absolute"


def test_the_inquiry_forms_place_picker_loads_leaflet_on_click_and_fills_the_fields(
    site, page: Page, live_server
) -> None:
    Category.objects.create(name="Spielplätze", code="spielplatz")
    requested = _watch(page)
    page.goto(live_server.url + "/anliegen/neu/")
    page.wait_for_load_state("load")
    assert not [url for url in requested if "leaflet" in url]
    picker = page.locator("[data-point-picker]")
    picker.locator("[data-point-show]").click()
    canvas = picker.locator(".map-canvas.leaflet-container")
    canvas.wait_for()
    canvas.click(position={"x": 120, "y": 80})
    assert page.locator("input[name=latitude]").input_value()
    assert page.locator("input[name=longitude]").input_value()
    picker.locator(".leaflet-marker-icon").wait_for()
