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
    assert Post.objects.filter(proposed_at__isnull=True).count() == len(POSTS)
    assert Post.objects.published().count() == len(POSTS) - 1
    culture = Post.objects.get(slug="kulturwoche-programm-steht")
    assert culture.project is not None
    assert culture.project.slug == "kulturwoche"
    assert {d.slug for d in culture.districts.all()} == {"freudenberg", "niederndorf"}
    assert not Post.objects.get(slug="stadtputz-fruehjahr").districts.exists()
    # Two newsletters, each with a confirmed subscriber and the consent on record, and the
    # demo resident's subscription from her profile.
    assert NewsletterList.objects.count() == 2
    assert Subscription.objects.filter(lists__isnull=False).distinct().count() == 3
    assert Consent.objects.count() == 3


def test_the_demo_has_a_partner_proposal_waiting_and_the_resident_subscribed_in_her_profile(settings):
    from quartier.accounts.models import User
    from tests.conftest import signed_in

    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    [proposal] = Post.objects.proposals()
    assert proposal.organisation is not None
    assert proposal.organisation.slug == "familienzentrum-freudenberg"
    assert proposal.author is not None
    assert proposal.author.email == "familienzentrum-partner@example.org"
    staff = User.objects.get(email="familienbuero@example.org")
    assert "Vorschläge von Partnern" in signed_in(staff).get("/cockpit/aktuelles/").content.decode()
    resident = User.objects.get(email="bewohnerin@example.org")
    profile = signed_in(resident).get("/konto/profil/").content.decode()
    assert "„Ortsteilbrief Freudenberg“ abbestellen" in profile


def test_the_demo_has_a_sent_campaign_and_a_scheduled_one(settings):
    from quartier.news.models import Campaign, CampaignStatus, RecipientStatus

    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    sent = Campaign.objects.get(status=CampaignStatus.SENT)
    # Every demo subscriber of its two lists got it once; the content was frozen.
    assert sent.recipients.count() == Subscription.objects.filter(lists__campaigns=sent).distinct().count() == 3
    assert set(sent.recipients.values_list("status", flat=True)) == {RecipientStatus.SENT}
    assert sent.content
    assert sent.content["sections"]
    scheduled = Campaign.objects.get(status=CampaignStatus.SCHEDULED)
    assert scheduled.scheduled_at
    assert sent.started_at
    assert scheduled.scheduled_at > sent.started_at
    assert Campaign.objects.count() == 2
