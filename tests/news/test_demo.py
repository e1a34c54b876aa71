"""The demo news: Freudenberg's posts, loaded twice without duplicates, one of them scheduled."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quartier.news.demo import POSTS
from quartier.news.models import Consent, NewsletterList, Post, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_news_loads_once_with_a_scheduled_post(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert Post.objects.count() == len(POSTS)
    assert Post.objects.published().count() == len(POSTS) - 1
    culture = Post.objects.get(slug="kulturwoche-programm-steht")
    assert culture.project is not None
    assert culture.project.slug == "kulturwoche"
    assert {d.slug for d in culture.districts.all()} == {"freudenberg", "niederndorf"}
    assert not Post.objects.get(slug="stadtputz-fruehjahr").districts.exists()
    # Two newsletters, each with a confirmed subscriber and the consent on record.
    assert NewsletterList.objects.count() == 2
    assert Subscription.objects.filter(lists__isnull=False).distinct().count() == 2
    assert Consent.objects.count() == 2
