from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from quartier.news.models import NewsletterList, Post


def make_post(*districts: Any, days: float = -1, **fields: Any) -> Post:
    """A post saved directly (the service is tested on its own), published ``days`` from now."""
    number = Post.objects.count() + 1
    defaults: dict[str, Any] = {
        "title": f"Meldung {number}",
        "slug": f"meldung-{number}",
        "teaser": "Kurz gesagt",
        "published_at": timezone.now() + timedelta(days=days),
    }
    post = Post.objects.create(**{**defaults, **fields})
    post.districts.set(districts)
    return post


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def newsletter(district_a) -> NewsletterList:
    return NewsletterList.objects.create(name="Ortsteilbrief Alchen", slug="ortsteilbrief", district=district_a)


@pytest.fixture
def family_list(db) -> NewsletterList:
    return NewsletterList.objects.create(name="Familie", slug="familie")
