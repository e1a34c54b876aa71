from __future__ import annotations

import importlib

import pytest

from quartier.core.models import SearchEntry

pytestmark = pytest.mark.django_db

# Imported by name: mypy checks src and tests only and must not follow into the benchmark package.
town = importlib.import_module("benchmarks.town")


def test_the_benchmarks_search_index_is_built_after_the_town_and_its_page_answers(client, district_a):
    town.ensure_helper_calls(calls=20, shifts=40, sign_ups=0)  # bulk_create: nothing indexed yet
    SearchEntry.objects.filter(kind="helper_calls").delete()
    built = town.ensure_search_index(True)
    assert built["search_built"]
    assert SearchEntry.objects.filter(kind="helper_calls").count() == 20
    assert town.ensure_search_index(False) == {"search_built": False}
    page = client.get("/suche/?q=Helfergesuch")
    assert page.status_code == 200
    assert "Alle 20 Treffer" in page.content.decode(), page.content.decode()[-6000:]


def test_the_benchmark_measures_the_search_page():
    source = importlib.import_module("benchmarks.run").__file__
    assert source is not None
    with open(source, encoding="utf-8") as handle:
        assert '{"name": "search", "path": "/suche/?q=' in handle.read()
