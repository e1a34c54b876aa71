"""User text is Markdown; it is rendered, then sanitised, so no raw HTML reaches a page."""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


@lru_cache(maxsize=2048)
def _render(text: str) -> str:
    html = _renderer.render(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown(text: str | None) -> SafeString:
    """Render Markdown to HTML that is safe to put on a page.

    Raw HTML in the source is escaped by the renderer; nh3 then removes whatever is
    not on the allow-list (scripts, event handlers, javascript: links). Headings start
    at h2 because the page owns its h1.
    """
    if not text:
        return mark_safe("")
    # The same text always renders the same: office hours and portraits are rendered once per process.
    return mark_safe(_render(text))  # noqa: S308
