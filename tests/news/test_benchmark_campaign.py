from __future__ import annotations

import importlib

import pytest

from quartier.news.models import Campaign, CampaignRecipient, Subscription

pytestmark = pytest.mark.django_db

# Imported by name: mypy checks src and tests only and must not follow into the benchmark package.
measure_campaign = importlib.import_module("benchmarks.town").measure_campaign


def test_the_benchmark_sends_every_recipient_once_and_leaves_nothing_behind():
    measured = measure_campaign(recipients=40)
    assert (measured["recipients"], measured["sent"], measured["mails"]) == (40, 40, 40)
    assert measured["recipients_per_second"] > 0
    assert measured["peak_memory_mib"] > 0
    assert not Campaign.objects.exists()
    assert not Subscription.objects.exists()
    assert not CampaignRecipient.objects.exists()
