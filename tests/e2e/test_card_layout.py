"""Cards keep to their content: the contact cards on the home page hold their district lists,
and the action cards on the staff inquiry page are as tall as their forms (KERN's cards are
height: 100%, which in a column of cards made each as tall as the column)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests import factories
from tests.e2e.helpers import log_in, submit, totp_code

LAYOUT_SCRIPT = (Path(__file__).parent / "layout.js").read_text()
WIDTHS = (1280, 1024)


def _check(page: Page, max_height: int) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        result = page.evaluate(LAYOUT_SCRIPT)
        assert not result["problems"], (width, result["problems"])
        assert result["height"] < max_height, (width, result["height"])


def test_contact_cards_hold_their_district_lists(page, site, district_a):
    contact_point = district_a.contact_point
    for number in range(12):
        factories.make_district(f"Ortsteil mit langem Namen {number}", contact_point=contact_point)
    page.goto("/")
    card = page.locator("section[aria-labelledby=contact-heading] .kern-card", has_text=contact_point.name)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert card.locator("text=Ortsteil mit langem Namen 11").is_visible()
        inside = card.evaluate(
            "card => [...card.querySelectorAll('a')].every(a => a.getBoundingClientRect().bottom <= card.getBoundingClientRect().bottom + 1)"
        )
        assert inside, width
    _check(page, 6_000)


def test_staff_inquiry_page_stays_as_tall_as_its_content(page, site, district_a, staff_a):
    inquiry = factories.make_inquiry(district_a, text="Die Schaukel ist kaputt.")
    log_in(page, staff_a.email, next_url=inquiry.get_absolute_url())
    page.fill("input[name=code]", totp_code())
    submit(page)
    assert page.url.endswith(inquiry.get_absolute_url())
    _check(page, 4_000)
    heights = page.eval_on_selector_all(".two-columns .kern-card", "cards => cards.map(c => c.offsetHeight)")
    assert heights
    assert max(heights) < 800, heights


def test_replies_have_no_bullet_and_the_bars_reach_the_right_edge(page: Page, site, district_a, resident):
    from quartier.participation.services import post_comment
    from tests.participation.conftest import make_idea

    idea = make_idea(district_a, resident)
    comment = post_comment(idea=idea, author=factories.make_user(), text="Gute Idee!")
    post_comment(idea=idea, author=factories.make_user(), text="Finde ich auch.", parent=comment)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(idea.get_absolute_url())
    reply = page.locator(".comment-replies > li").first
    assert reply.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    widths = page.evaluate(
        "() => ['.site-header', '.site-nav', '.site-footer'].map(s => document.querySelector(s).getBoundingClientRect().right)"
    )
    assert widths == [1280, 1280, 1280]
