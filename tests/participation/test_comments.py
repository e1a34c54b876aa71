from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quartier.participation.models import Comment
from quartier.participation.services import delete_comment, post_comment
from tests import factories

pytestmark = pytest.mark.django_db


def _create_url(idea):
    return reverse("participation:comment_create", kwargs={"pk": idea.pk})


def test_resident_comments_and_the_count_goes_up(as_user, idea):
    response = as_user(factories.make_user()).post(_create_url(idea), {"text": "Gute Idee!"})
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#kommentar-{comment.pk}")
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_replies_go_one_level_deep(as_user, idea):
    first = post_comment(idea=idea, author=factories.make_user(), text="Erster")
    reply = post_comment(idea=idea, author=factories.make_user(), text="Antwort", parent=first)
    as_user(factories.make_user()).post(_create_url(idea), {"text": "Antwort auf Antwort", "parent": reply.pk})
    deeper = Comment.objects.get(text="Antwort auf Antwort")
    assert deeper.parent == first


def test_reply_to_a_comment_of_another_idea_is_404(as_user, idea, district_a, resident):
    from tests.participation.conftest import make_idea

    elsewhere = post_comment(idea=make_idea(district_a, resident), author=resident, text="Dort")
    response = as_user(factories.make_user()).post(_create_url(idea), {"text": "x", "parent": elsewhere.pk})
    assert response.status_code == 404


def test_empty_comment_is_refused(as_user, idea):
    response = as_user(factories.make_user()).post(_create_url(idea), {"text": ""})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_author_edits_within_fifteen_minutes_only(as_user, idea):
    person = factories.make_user()
    comment = post_comment(idea=idea, author=person, text="Vorher")
    url = reverse("participation:comment_edit", kwargs={"pk": comment.pk})
    client = as_user(person)
    client.post(url, {"text": "Nachher"})
    comment.refresh_from_db()
    assert comment.text == "Nachher"
    assert comment.edited_at
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        client.post(url, {"text": "Zu spät"})
    comment.refresh_from_db()
    assert comment.text == "Nachher"


def test_nobody_edits_or_deletes_another_persons_comment_by_changing_the_id(as_user, idea):
    comment = post_comment(idea=idea, author=factories.make_user(), text="Meins")
    intruder = as_user(factories.make_user())
    assert (
        intruder.post(reverse("participation:comment_edit", kwargs={"pk": comment.pk}), {"text": "x"}).status_code
        == 404
    )
    assert intruder.post(reverse("participation:comment_delete", kwargs={"pk": comment.pk})).status_code == 404
    comment.refresh_from_db()
    assert comment.text == "Meins"


def test_deleting_a_comment_without_replies_removes_it(as_user, idea):
    person = factories.make_user()
    comment = post_comment(idea=idea, author=person, text="Weg damit")
    as_user(person).post(reverse("participation:comment_delete", kwargs={"pk": comment.pk}))
    assert not Comment.objects.exists()
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_deleting_a_comment_with_replies_leaves_comment_deleted(client, idea):
    person = factories.make_user()
    comment = post_comment(idea=idea, author=person, text="Geheimnis")
    post_comment(idea=idea, author=factories.make_user(), text="Antwort", parent=comment)
    delete_comment(comment=comment)
    content = client.get(idea.get_absolute_url()).content.decode()
    assert "Kommentar gelöscht" in content
    assert "Geheimnis" not in content
    assert "Antwort" in content
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_comment_markup_is_neutralised(client, idea):
    post_comment(idea=idea, author=factories.make_user(), text="<script>x()</script>[a](javascript:alert(1))")
    content = client.get(idea.get_absolute_url()).content.decode()
    assert "<script>x()" not in content
    assert 'href="javascript' not in content
