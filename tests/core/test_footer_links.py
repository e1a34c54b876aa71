"""The footer shows the links apps register in `registry.footer_links`, in their order, at no query's cost."""

from __future__ import annotations

import pytest

from quartier.core import registry
from tests.registered import registered

pytestmark = pytest.mark.django_db


def test_registered_footer_links_appear_in_order(client, town):
    first = registry.FooterLink(name="test_first", label="Erster Testlink", url_name="places:district_list", order=1)
    last = registry.FooterLink(name="test_last", label="Letzter Testlink", url_name="set_language", order=999)
    with registered(registry.footer_links, last, first):
        page = client.get("/").content.decode()
        footer = page.split("<footer", 1)[1]
        assert footer.index("Erster Testlink") < footer.index("Letzter Testlink")
        assert 'href="/ortsteile/"' in footer
    assert "Erster Testlink" not in client.get("/").content.decode()
