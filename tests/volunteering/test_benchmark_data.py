from __future__ import annotations

import pytest
from benchmarks.town import ensure_helper_calls

from quartier.volunteering.models import HelperCall, Shift, SignUp

pytestmark = pytest.mark.django_db


def test_the_benchmarks_helper_calls_are_built_once_and_their_pages_answer(client, district_a, district_b):
    built = ensure_helper_calls(calls=20, shifts=200, sign_ups=400)
    assert built["helper_calls_built"]
    assert (HelperCall.objects.count(), Shift.objects.count(), SignUp.objects.count()) == (20, 200, 400)
    assert ensure_helper_calls(calls=20, shifts=200, sign_ups=400)["helper_calls_built"] is False
    page = client.get(built["helper_call_path"])
    assert page.status_code == 200
    assert "Helfergesuch 00000" in page.content.decode()
    assert "Helfergesuch 00019" in client.get("/mitmachen/engagement/").content.decode()
