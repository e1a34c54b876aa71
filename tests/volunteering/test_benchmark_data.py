from __future__ import annotations

import importlib

import pytest

from quartier.volunteering.models import HelperCall, Shift, SignUp

pytestmark = pytest.mark.django_db

# Imported by name: mypy checks src and tests only and must not follow into the benchmark package.
ensure_helper_calls = importlib.import_module("benchmarks.town").ensure_helper_calls


def test_the_benchmarks_helper_calls_are_built_once_and_their_pages_answer(client, district_a, district_b):
    built = ensure_helper_calls(calls=20, shifts=200, sign_ups=400)
    assert built["helper_calls_built"]
    assert (HelperCall.objects.count(), Shift.objects.count(), SignUp.objects.count()) == (20, 200, 400)
    assert ensure_helper_calls(calls=20, shifts=200, sign_ups=400)["helper_calls_built"] is False
    page = client.get(built["helper_call_path"])
    assert page.status_code == 200
    assert "Helfergesuch 00000" in page.content.decode()
    assert "Helfergesuch 00019" in client.get("/mitmachen/engagement/").content.decode()
