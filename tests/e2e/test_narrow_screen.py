"""At 320 CSS pixels (WCAG 1.4.10 Reflow) pages fit without scrolling sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

WIDTH = 320


@pytest.fixture
def narrow_page(new_context) -> Page:
    context: BrowserContext = new_context(viewport={"width": WIDTH, "height": 640})
    return context.new_page()


@pytest.mark.parametrize("path", ["/", "/ortsteile/", "/ortsteile/alchen/", "/konto/login/"])
def test_page_has_no_horizontal_scroll_at_320_pixels(site, narrow_page: Page, path: str) -> None:
    narrow_page.goto(path)
    scroll_width = narrow_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH, f"{path} is {scroll_width}px wide at a {WIDTH}px viewport"
