"""The public form's limit counts per resident behind the reverse proxy, and a forged
X-Forwarded-For header buys no one a fresh budget."""

from __future__ import annotations

from typing import Any

from quartier.inquiries.models import Inquiry
from tests.inquiries.test_public_form import URL, form_data

PROXY = "10.0.0.2"


def send_as(client: Any, district: Any, category: Any, forwarded: str) -> int:
    data = {**form_data(district, category), "step": "send"}
    return client.post(URL, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code


def test_two_residents_behind_the_proxy_have_separate_budgets(client, district_a, category, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INQUIRY_RATE_LIMIT = 2
    assert [send_as(client, district_a, category, "198.51.100.1") for _ in range(3)] == [302, 302, 429]
    assert send_as(client, district_a, category, "198.51.100.2") == 302
    # What the client writes left of the proxy's entry changes nothing.
    assert send_as(client, district_a, category, "203.0.113.9, 198.51.100.1") == 429
    assert Inquiry.objects.count() == 3


def test_a_forged_header_without_a_configured_proxy_changes_nothing(client, district_a, category, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.INQUIRY_RATE_LIMIT = 2
    statuses = [send_as(client, district_a, category, f"198.51.100.{number}") for number in range(1, 4)]
    assert statuses == [302, 302, 429]
