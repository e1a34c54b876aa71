"""Keyboard focus is visible everywhere (WCAG 2.4.7, 1.4.11): tabbing through the header and a
form, every focused element shows an indicator with a contrast of at least 3:1 against what lies
behind it; the skip link comes first and shows; after a failed submit the focus is on the error summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from quartier.core.colors import contrast_ratio
from tests.e2e.helpers import submit

pytestmark = pytest.mark.browser

FOCUS_SCRIPT = (Path(__file__).parent / "focus.js").read_text()
MIN_CONTRAST = 3.0
# Enough presses to leave any form of the site; the loop stops when the focus leaves it.
MAX_TABS = 60
FORM_CONTROLS = ("input", "select", "textarea", "button")


def _indicator_problem(focus: dict[str, Any]) -> str | None:
    if not focus["rings"]:
        return f"{focus['element']}: no focus indicator"
    best = max(contrast_ratio(ring, focus["background"]) for ring in focus["rings"])
    if best < MIN_CONTRAST:
        return f"{focus['element']}: indicator {focus['rings']} on {focus['background']} has only {best:.2f}:1"
    return None


def test_focus_indicators_in_the_header_and_a_form_stand_out(site, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/konto/signup/")
    problems: list[str] = []
    seen_header: list[str] = []
    seen_form: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SCRIPT)
        if focus is None:
            continue
        if not focus["inMain"]:
            if seen_form:
                break  # past the form, in the footer
            seen_header.append(focus["element"])
        elif focus["element"].startswith(FORM_CONTROLS):
            seen_form.append(focus["element"])
        problem = _indicator_problem(focus)
        if problem:
            problems.append(problem)
    # The skip link, the town's name, the language switch, sign-in, sign-up and the navigation.
    assert len(seen_header) >= 8, seen_header
    assert any("Ortsteile" in name for name in seen_header), seen_header
    assert len(seen_form) >= 4, seen_form
    assert problems == []


def test_skip_link_comes_first_and_shows(site, page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["width"] > 100
    assert "kern-btn" in (skip.get_attribute("class") or "")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_failed_submit_puts_the_focus_on_the_error_summary(site, page: Page) -> None:
    page.goto("/konto/signup/")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    problem = _indicator_problem(page.evaluate(FOCUS_SCRIPT))
    assert problem is None
