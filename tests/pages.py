"""Following a list's page links as a browser would."""

from __future__ import annotations

import html
import re


def page_link(content: str, rel: str = "next") -> str:
    """The query string of the list's link to the next (or "prev") page, e.g. "?q=x&nach=…"."""
    match = re.search(rf'href="(\?[^"]*)" rel="{rel}"', content)
    assert match, f'no rel="{rel}" link on the page'
    return html.unescape(match.group(1))
