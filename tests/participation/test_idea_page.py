from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.participation.models import Comment
from quartier.participation.services import post_comment, support_idea
from tests import factories

pytestmark = pytest.mark.django_db


def test_idea_page_shows_text_status_explanation_and_counts(client, idea):
    idea.status = idea.Status.DECLINED
    idea.status_explanation = "Dafür ist kein Platz."
    idea.text = "Mit **Nachdruck** <script>alert(1)</script>"
    idea.save()
    support_idea(idea=idea, user=factories.make_user())
    content = client.get(idea.get_absolute_url()).content.decode()
    assert "abgelehnt" in content
    assert "Dafür ist kein Platz." in content
    assert "<strong>Nachdruck</strong>" in content
    assert "<script>alert" not in content
    assert "1 Person" in content


def test_idea_page_query_count_is_the_same_with_few_and_many_comments(client, idea, as_user, resident, no_page_cache):
    person = factories.make_user()
    first = post_comment(idea=idea, author=person, text="Erster")
    post_comment(idea=idea, author=resident, text="Antwort", parent=first)
    reader = as_user(factories.make_user())
    reader.get(idea.get_absolute_url())  # warm the per-process caches (town, content version)
    with CaptureQueriesContext(connection) as few:
        reader.get(idea.get_absolute_url())
    for number in range(60):
        parent = post_comment(idea=idea, author=factories.make_user(), text=f"Kommentar {number}")
        post_comment(idea=idea, author=person, text="Antwort", parent=parent)
    with CaptureQueriesContext(connection) as many:
        response = reader.get(idea.get_absolute_url())
    assert response.status_code == 200
    assert len(many) == len(few)


def test_unknown_idea_is_404(client, db):
    assert client.get("/mitmachen/ideen/999999/").status_code == 404


def test_a_visitors_cached_comment_thread_shows_edits_at_once(client, idea, resident, django_assert_max_num_queries):
    first = post_comment(idea=idea, author=resident, text="Gute *Idee*")
    reply = post_comment(idea=idea, author=factories.make_user(name="Bea Bach"), text="Finde ich auch", parent=first)
    cache.clear()
    with django_assert_max_num_queries(7):  # 6, and the page cache's data version
        assert "<em>Idee</em>" in client.get(idea.get_absolute_url()).content.decode()
    Comment.objects.filter(pk=first.pk).update(text="Gute **Idee**", edited_at=timezone.now())
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<strong>Idee</strong>" in html
    Comment.objects.filter(pk=reply.pk).update(hidden_at=timezone.now(), hidden_reason="Werbung")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Werbung" in html
    assert "Finde ich auch" not in html
    # Signed-in readers get their own reply forms and links, never a visitor's cached thread.
    reader = Client()
    reader.force_login(resident)
    assert "Antwort senden" in reader.get(idea.get_absolute_url()).content.decode()
