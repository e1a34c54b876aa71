from __future__ import annotations

from quartier.core.markdown import render_markdown


def test_markdown_renders_emphasis_and_lists():
    html = render_markdown("Hallo **Welt**\n\n- eins\n- zwei")
    assert "<strong>Welt</strong>" in html
    assert "<li>eins</li>" in html


def test_raw_html_and_scripts_are_shown_as_text():
    html = render_markdown('<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_removed():
    html = render_markdown("[klick](javascript:alert(1))")
    assert 'href="javascript' not in html
    assert "<a" not in html


def test_links_get_safe_rel():
    html = render_markdown("[Stadt](https://example.org)")
    assert 'href="https://example.org"' in html
    assert "noopener" in html


def test_headings_start_below_the_page_title():
    assert "<h2>Titel</h2>" in render_markdown("# Titel")


def test_empty_text_renders_nothing():
    assert render_markdown(None) == ""
