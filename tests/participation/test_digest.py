from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quartier.participation.digest import send_digests
from quartier.participation.models import Follow, Idea
from quartier.participation.services import post_comment, set_idea_status, support_idea
from tests import factories

pytestmark = pytest.mark.django_db
BASE = "https://quartier.example.org"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.SITE_URL = BASE
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _tomorrow():
    return time_machine.travel(timezone.now() + timedelta(days=1))


def test_supporting_follows_and_only_authors_and_supporters_may_follow(as_user, idea):
    supporter = factories.make_user()
    support_idea(idea=idea, user=supporter)
    assert Follow.objects.filter(user=supporter).exists()
    stranger = as_user(factories.make_user())
    assert stranger.post(reverse("participation:idea_follow", kwargs={"pk": idea.pk})).status_code == 403
    as_user(supporter).post(reverse("participation:idea_follow", kwargs={"pk": idea.pk}), {"action": "unfollow"})
    assert not Follow.objects.filter(user=supporter).exists()


def test_one_digest_a_day_with_comments_and_status_never_one_mail_per_comment(idea, staff_a):
    supporter = factories.make_user()
    support_idea(idea=idea, user=supporter)
    with _tomorrow():
        for number in range(4):
            post_comment(idea=idea, author=factories.make_user(), text=f"Kommentar {number}")
        set_idea_status(idea=idea, status=Idea.Status.UNDER_REVIEW, explanation="Wir prüfen.")
        post_comment(idea=idea, author=supporter, text="Mein eigener")
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        mail.outbox.clear()
        assert send_digests() == 1
        assert send_digests() == 0  # a second run the same day sends nothing
    [message] = mail.outbox
    assert message.to == [supporter.email]
    assert "4 neue Kommentare" in message.body
    assert "wird geprüft" in message.body
    assert "Mein eigener" not in message.body
    assert BASE + idea.get_absolute_url() in message.body


def test_no_news_no_mail(idea):
    support_idea(idea=idea, user=factories.make_user())
    with _tomorrow():
        assert send_digests() == 0
    assert not mail.outbox


def test_hidden_comments_are_not_in_the_digest(idea, staff_a):
    from quartier.participation.moderation import hide

    support_idea(idea=idea, user=factories.make_user())
    with _tomorrow():
        comment = post_comment(idea=idea, author=factories.make_user(), text="Beleidigung")
        hide(moderator=staff_a, reason="x", comment=comment)
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        assert send_digests() == 0


def test_management_command_queues_the_digest_task(idea):
    support_idea(idea=idea, user=factories.make_user())
    with _tomorrow():
        post_comment(idea=idea, author=factories.make_user(), text="Neu")
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        call_command("send_idea_digests")
    assert len(mail.outbox) == 1
