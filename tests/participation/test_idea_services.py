"""Proposing and changing an idea through the service: the rules hold for every way in."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied

from quartier.participation import moderation
from quartier.participation.models import Comment, Follow, Idea
from quartier.participation.moderation import ContributionRefused
from quartier.participation.services import edit_idea, post_comment, propose_idea, support_idea
from tests import factories
from tests.participation.conftest import field_of_action, make_idea

pytestmark = pytest.mark.django_db


def _fields(district: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Bücherschrank",
        "text": "In der alten Telefonzelle.",
        "district": district,
        "field_of_action": field_of_action(),
        **extra,
    }


def test_proposed_idea_is_public_and_followed_by_its_author(district_a, resident):
    idea = propose_idea(author=resident, **_fields(district_a))
    assert idea.author == resident
    assert Follow.objects.filter(idea=idea, user=resident).exists()


def test_author_without_a_confirmed_address_cannot_propose(district_a):
    person = factories.make_user()
    EmailAddress.objects.filter(user=person).update(verified=False)
    with pytest.raises(ContributionRefused):
        propose_idea(author=person, **_fields(district_a))
    assert not Idea.objects.exists()


def test_blocked_person_cannot_propose(district_a, resident, coordinator):
    moderation.block(moderator=coordinator, person=resident, reason="Werbung")
    with pytest.raises(ContributionRefused):
        propose_idea(author=resident, **_fields(district_a))


def test_new_account_cannot_propose_a_link(district_a, resident):
    with pytest.raises(ContributionRefused) as refusal:
        propose_idea(author=resident, **_fields(district_a, text="Mehr auf https://spam.example"))
    assert refusal.value.field == "text"


def test_hourly_limit_applies_to_proposals(district_a, resident):
    for number in range(moderation.IDEAS_PER_HOUR):
        propose_idea(author=resident, **_fields(district_a, text=f"Idee {number}"))
    with pytest.raises(ContributionRefused) as refusal:
        propose_idea(author=resident, **_fields(district_a, text="Noch eine"))
    assert refusal.value.field is None


def test_the_same_text_twice_is_refused(district_a, resident):
    propose_idea(author=resident, **_fields(district_a))
    with pytest.raises(ContributionRefused):
        propose_idea(author=resident, **_fields(district_a, title="Nochmal"))
    assert Idea.objects.count() == 1


def test_author_changes_an_idea_nobody_reacted_to(district_a, resident):
    idea = make_idea(district_a, resident)
    edit_idea(idea=idea, by=resident, **_fields(district_a, title="Neuer Titel"))
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"


def test_nobody_else_changes_an_idea(district_a, resident):
    idea = make_idea(district_a, resident)
    with pytest.raises(PermissionDenied):
        edit_idea(idea=idea, by=factories.make_user(), **_fields(district_a, title="Übernommen"))


@pytest.mark.parametrize("reaction", ["support", "comment"])
def test_idea_stays_as_it_is_once_someone_reacted(district_a, resident, reaction):
    idea = make_idea(district_a, resident)
    if reaction == "support":
        support_idea(idea=idea, user=factories.make_user())
    else:
        post_comment(idea=idea, author=factories.make_user(), text="Gute Idee")
    with pytest.raises(ContributionRefused):
        edit_idea(idea=idea, by=resident, **_fields(district_a, title="Geändert"))
    idea.refresh_from_db()
    assert idea.title == "Bänke am Bach"


@pytest.mark.parametrize("model", [Idea, Comment])
def test_admin_neither_adds_contributions_nor_hides_them_around_the_moderation_history(model, rf):
    from django.contrib import admin

    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = factories.make_user(is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert {"hidden_at", "hidden_reason"} <= set(model_admin.get_readonly_fields(request))


def test_declining_an_idea_needs_a_reason(idea):
    from django.core.exceptions import ValidationError

    from quartier.participation.services import set_idea_status

    with pytest.raises(ValidationError):
        set_idea_status(idea=idea, status=Idea.Status.DECLINED, explanation="  ")
    set_idea_status(idea=idea, status=Idea.Status.DECLINED, explanation="Dafür gibt es keinen Platz.")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DECLINED


def test_status_change_is_dated_even_when_a_form_already_set_it_on_the_instance(idea):
    from quartier.participation.services import set_idea_status

    idea.status = Idea.Status.UNDER_REVIEW  # what a bound ModelForm does to its instance
    set_idea_status(idea=idea, status=Idea.Status.UNDER_REVIEW, explanation="Wir prüfen.")
    idea.refresh_from_db()
    assert idea.status_changed_at is not None


def test_comment_on_a_hidden_idea_is_refused(idea, staff_a):
    from quartier.participation.services import comment_on_idea

    moderation.hide(moderator=staff_a, reason="Werbung", idea=idea)
    idea.refresh_from_db()
    with pytest.raises(ContributionRefused):
        comment_on_idea(idea=idea, author=factories.make_user(), text="Trotzdem")
    assert not Comment.objects.exists()


def test_commenting_needs_a_confirmed_address(idea):
    from quartier.participation.services import comment_on_idea

    person = factories.make_user()
    EmailAddress.objects.filter(user=person).update(verified=False)
    with pytest.raises(ContributionRefused):
        comment_on_idea(idea=idea, author=person, text="Hallo")


def test_comments_pass_the_contribution_guards(idea):
    from quartier.participation.services import comment_on_idea

    person = factories.make_user()
    comment_on_idea(idea=idea, author=person, text="Gute Idee")
    with pytest.raises(ContributionRefused):
        comment_on_idea(idea=idea, author=person, text="Gute Idee")
    with pytest.raises(ContributionRefused) as refusal:
        comment_on_idea(idea=idea, author=person, text="Siehe https://spam.example")
    assert refusal.value.field == "text"
    assert Comment.objects.count() == 1
