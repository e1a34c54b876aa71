"""The language switch in the header changes the page's language and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_language_switch_to_english_and_back(site, page: Page) -> None:
    page.goto("/")
    html = page.locator("html")
    switch = page.locator("header form.language-switch button[name=language]")
    expect(html).to_have_attribute("lang", "de")
    expect(switch).to_have_attribute("value", "en")

    with page.expect_navigation():
        switch.click()
    expect(html).to_have_attribute("lang", "en")
    expect(switch).to_have_attribute("value", "de")
    expect(switch).to_have_text("Deutsch")

    with page.expect_navigation():
        switch.click()
    expect(html).to_have_attribute("lang", "de")
    expect(switch).to_have_attribute("value", "en")
    expect(switch).to_have_text("English")
