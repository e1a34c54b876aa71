"""No links in a new account's first contributions, in any Markdown form, also when an idea
or a comment is changed; blocked people change nothing (issue 8.12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartier.participation import moderation
from quartier.participation.models import Comment, Idea
from quartier.participation.moderation import ContributionRefused, contains_link
from quartier.participation.services import edit_comment, edit_idea, post_comment
from tests import factories
from tests.participation.conftest import field_of_action, make_idea

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Siehe [hier][1]\n\n[1]: http://spam.example",
        "Siehe [hier]\n\n[hier]: spam.example/kaufen",
        "   [x]: //spam.example",
        "Mehr auf www.spam-shop.biz",
        "Bestellen: billig-pillen.com",
        "<https://spam.example>",
        "[klick](spam)",
        "ftp://spam.example/datei",
        "Schreiben Sie an <mailto:spam@example.org>",
    ],
)
def test_link_forms_are_recognised(text: str) -> None:
    assert contains_link(text)


@pytest.mark.parametrize(
    "text",
    ["Zwei Bänke am Bach, z.B. aus Holz.", "Treffen um 18.30 Uhr", "[Bank] und [Tisch]", "Die Sache 1.5 Std."],
)
def test_plain_text_is_no_link(text: str) -> None:
    assert not contains_link(text)


def test_new_account_cannot_post_a_reference_style_link(as_user, idea):
    newcomer = factories.make_user()
    url = reverse("participation:comment_create", kwargs={"pk": idea.pk})
    response = as_user(newcomer).post(url, {"text": "Gute [Seite][1]\n\n[1]: http://spam.example"})
    assert response.status_code == 400
    assert not Comment.objects.filter(author=newcomer).exists()


def test_new_account_cannot_edit_a_link_into_an_idea(as_user, district_a):
    newcomer = factories.make_user()
    idea = make_idea(district_a, newcomer)
    data = {
        "title": idea.title,
        "text": "Jetzt mit [Link][1]\n\n[1]: https://spam.example",
        "district": district_a.pk,
        "field_of_action": field_of_action().pk,
    }
    response = as_user(newcomer).post(reverse("participation:idea_edit", kwargs={"pk": idea.pk}), data)

    assert response.status_code == 200
    assert "keine Links" in response.content.decode()
    idea.refresh_from_db()
    assert "spam" not in idea.text


def test_new_account_cannot_edit_a_link_into_a_comment(as_user, idea):
    newcomer = factories.make_user()
    comment = post_comment(idea=idea, author=newcomer, text="Harmlos")
    url = reverse("participation:comment_edit", kwargs={"pk": comment.pk})

    response = as_user(newcomer).post(url, {"text": "Jetzt: www.spam-shop.biz"})

    assert "keine Links" in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Harmlos"


def test_established_account_may_edit_a_link_in(idea):
    person = factories.make_user()
    comments = [post_comment(idea=idea, author=person, text=f"Beitrag {n}") for n in range(4)]
    edit_comment(comment=comments[0], text="Mehr unter https://verein.example")
    comments[0].refresh_from_db()
    assert "verein.example" in comments[0].text


def test_blocked_person_cannot_edit_idea_or_comment(district_a, coordinator, idea):
    person = factories.make_user()
    own = make_idea(district_a, person, title="Eigene")
    comment = post_comment(idea=idea, author=person, text="Vorher")
    moderation.block(moderator=coordinator, person=person, reason="Beleidigungen")

    with pytest.raises(ContributionRefused):
        edit_comment(comment=comment, text="Nachher")
    with pytest.raises(ContributionRefused):
        edit_idea(
            idea=own,
            by=person,
            title="Geändert",
            text="Neu",
            district=district_a,
            field_of_action=field_of_action(),
        )
    assert Idea.objects.get(pk=own.pk).title == "Eigene"
    assert Comment.objects.get(pk=comment.pk).text == "Vorher"
