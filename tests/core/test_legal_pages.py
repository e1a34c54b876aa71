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


def test_privacy_page_says_what_export_and_deletion_cover(client, town):
    html = client.get("/seiten/datenschutz/").content.decode()
    assert "Wenn Sie Ihr Konto löschen" in html
    assert "Gelöschtes Konto" in html
    assert "nie Ihre E-Mail-Adresse" in html
    assert "Antworten auf Umfragen" in html


def test_privacy_page_migration_finds_the_passages_it_replaces():
    from importlib import import_module

    migration = import_module("quartier.core.migrations.0004_privacy_page_export_and_deletion")
    assert migration.ACCOUNT_OLD in migration.OLD  # the replaced passages are in the old text
    assert migration.RIGHTS_OLD in migration.OLD
    assert migration.NEW != migration.OLD
