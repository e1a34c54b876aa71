from __future__ import annotations

import pytest

from quartier.core.models import LegalPage


@pytest.mark.parametrize("kind", LegalPage.Kind.values)
def test_every_legal_page_exists_and_is_linked_in_the_footer(client, town, kind):
    page = client.get(f"/seiten/{kind}/")
    assert page.status_code == 200
    assert f'href="/seiten/{kind}/"' in client.get("/").content.decode()


def test_legal_page_text_is_markdown_without_raw_html(client, town):
    LegalPage.objects.filter(kind="impressum").update(body="**Stadt** <script>x()</script>")
    html = client.get("/seiten/impressum/").content.decode()
    assert "<strong>Stadt</strong>" in html
    assert "<script>x()" not in html


def test_unknown_legal_page_is_404_in_the_layout(client, town):
    response = client.get("/seiten/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert 'id="main"' in response.content.decode()


def test_home_links_the_easy_language_explanation(client, town):
    assert 'href="/seiten/leichte-sprache/"' in client.get("/").content.decode()
