from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from quartier.core.history import HistoryIsAppendOnly
from quartier.participation import moderation
from quartier.participation.models import Block, Comment, Idea, ModerationEntry, Report
from quartier.participation.services import post_comment
from tests import factories
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db


def _report_url(kind: str, pk: int) -> str:
    return reverse("participation:report", kwargs={"kind": kind, "pk": pk})


def _moderate_url(kind: str, pk: int) -> str:
    return reverse("participation:moderate", kwargs={"kind": kind, "pk": pk})


def test_signed_in_person_reports_a_comment_with_a_reason(as_user, idea):
    comment = post_comment(idea=idea, author=factories.make_user(), text="Unfreundlich")
    response = as_user(factories.make_user()).post(_report_url("kommentar", comment.pk), {"reason": "Beleidigend"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.comment == comment
    assert report.reason == "Beleidigend"
    assert report.idea is None


def test_report_needs_a_reason_and_a_known_kind(as_user, idea):
    client = as_user(factories.make_user())
    assert client.post(_report_url("idee", idea.pk), {"reason": ""}).status_code == 200
    assert client.post(_report_url("sonstwas", idea.pk), {"reason": "x"}).status_code == 404
    assert not Report.objects.exists()


def test_queue_shows_reports_of_my_districts_only(as_user, staff_a, district_a, district_b, resident):
    here = make_idea(district_a, resident, title="Hier")
    there = make_idea(district_b, resident, title="Dort")
    reporter = factories.make_user()
    moderation.report(reporter=reporter, reason="Grund hier", idea=here)
    moderation.report(reporter=reporter, reason="Grund dort", idea=there)
    content = as_user(staff_a).get(reverse("participation:moderation")).content.decode()
    assert "Grund hier" in content
    assert "Grund dort" not in content


def test_bulk_hide_from_the_queue_shows_the_reason_publicly(as_user, staff_a, idea, client):
    comments = [post_comment(idea=idea, author=factories.make_user(), text=f"Spam {n}") for n in range(2)]
    reports = [moderation.report(reporter=factories.make_user(), reason="Spam", comment=c) for c in comments]
    data = {"report": [r.pk for r in reports], "action": "hide", "reason": "Werbung"}
    assert as_user(staff_a).post(reverse("participation:moderation"), data).status_code == 302
    content = client.get(idea.get_absolute_url()).content.decode()
    assert content.count("Von der Moderation ausgeblendet: Werbung") == 2
    assert "Spam 0" not in content
    assert not Report.objects.filter(resolved_at=None).exists()
    assert ModerationEntry.objects.filter(action="hide").count() == 2


def test_bulk_dismiss_and_hide_needs_a_reason(as_user, staff_a, idea):
    report = moderation.report(reporter=factories.make_user(), reason="Falsch", idea=idea)
    client = as_user(staff_a)
    url = reverse("participation:moderation")
    assert client.post(url, {"report": [report.pk], "action": "hide", "reason": ""}).status_code == 200
    client.post(url, {"report": [report.pk], "action": "dismiss"})
    report.refresh_from_db()
    idea.refresh_from_db()
    assert report.resolved_at
    assert not idea.hidden_at
    assert ModerationEntry.objects.get().action == "dismiss"


def test_staff_of_another_district_cannot_act_on_reports_by_changing_ids(as_user, staff_b, idea):
    report = moderation.report(reporter=factories.make_user(), reason="x", idea=idea)
    as_user(staff_b).post(reverse("participation:moderation"), {"report": [report.pk], "action": "hide", "reason": "y"})
    idea.refresh_from_db()
    assert not idea.hidden_at
    assert as_user(staff_b).post(_moderate_url("idee", idea.pk), {"reason": "y"}).status_code == 403


def test_hide_and_restore_an_idea_from_its_page(as_user, staff_a, idea, client):
    staff = as_user(staff_a)
    assert "Idee ausblenden" in staff.get(idea.get_absolute_url()).content.decode()
    staff.post(_moderate_url("idee", idea.pk), {"action": "hide", "reason": "Falsche Angaben"})
    content = client.get(idea.get_absolute_url()).content.decode()
    assert "Von der Moderation ausgeblendet: Falsche Angaben" in content
    assert "Zwei Bänke" not in content
    assert idea.title not in client.get(reverse("participation:ideas")).content.decode()
    staff.post(_moderate_url("idee", idea.pk), {"action": "restore"})
    assert "Zwei Bänke" in client.get(idea.get_absolute_url()).content.decode()
    assert list(ModerationEntry.objects.values_list("action", flat=True)) == ["restore", "hide"]


def test_blocking_hides_everything_and_stops_new_contributions(as_user, coordinator, district_a, idea):
    troll = factories.make_user()
    own_idea = make_idea(district_a, troll, title="Trollidee")
    post_comment(idea=idea, author=troll, text="Eins")
    post_comment(idea=idea, author=troll, text="Zwei")
    as_user(coordinator).post(reverse("participation:block", kwargs={"pk": troll.pk}), {"reason": "Beleidigungen"})
    assert Block.objects.filter(user=troll).exists()
    own_idea.refresh_from_db()
    assert own_idea.hidden_reason == "Beleidigungen"
    assert Comment.objects.filter(author=troll, hidden_at=None).count() == 0
    as_user(troll).post(reverse("participation:comment_create", kwargs={"pk": idea.pk}), {"text": "Drei"})
    assert Comment.objects.filter(author=troll).count() == 2


def test_staff_cannot_block_someone_who_never_contributed_in_their_district(as_user, staff_b, idea, resident):
    response = as_user(staff_b).post(reverse("participation:block", kwargs={"pk": resident.pk}), {"reason": "x"})
    assert response.status_code == 403
    assert not Block.objects.exists()


def test_blocking_is_town_wide_so_district_staff_cannot_block(as_user, staff_a, district_a, district_b, idea):
    """Staff of one district would otherwise hide contributions in another, with their reason shown."""
    troll = factories.make_user()
    make_idea(district_a, troll, title="Hier")
    elsewhere = make_idea(district_b, troll, title="Anderswo")
    client = as_user(staff_a)

    assert client.get(reverse("participation:block", kwargs={"pk": troll.pk})).status_code == 403
    response = client.post(reverse("participation:block", kwargs={"pk": troll.pk}), {"reason": "Meine Sicht"})

    assert response.status_code == 403
    assert not Block.objects.exists()
    elsewhere.refresh_from_db()
    assert elsewhere.hidden_at is None
    page = client.get(_moderate_url("idee", Idea.objects.get(title="Hier").pk)).content.decode()
    assert reverse("participation:block", kwargs={"pk": troll.pk}) not in page
    with pytest.raises(PermissionDenied):
        moderation.block(moderator=staff_a, person=troll, reason="Dienstweg umgangen")


def test_coordinator_sees_the_block_link(as_user, coordinator, idea):
    page = as_user(coordinator).get(_moderate_url("idee", idea.pk)).content.decode()
    assert reverse("participation:block", kwargs={"pk": idea.author_id}) in page


def test_history_is_append_only(staff_a, idea):
    moderation.hide(moderator=staff_a, reason="Grund", idea=idea)
    entry = ModerationEntry.objects.get()
    entry.reason = "anders"
    with pytest.raises(HistoryIsAppendOnly):
        entry.save()
    with pytest.raises(HistoryIsAppendOnly):
        entry.delete()
    with pytest.raises(HistoryIsAppendOnly):
        ModerationEntry.objects.update(reason="anders")
    with pytest.raises(HistoryIsAppendOnly):
        ModerationEntry.objects.all().delete()


def test_history_page_lists_steps(as_user, staff_a, idea):
    moderation.hide(moderator=staff_a, reason="Sichtbarer Grund", idea=idea)
    content = as_user(staff_a).get(reverse("participation:moderation_history")).content.decode()
    assert "Sichtbarer Grund" in content


def test_new_accounts_cannot_post_links_in_their_first_contributions(as_user, idea):
    newcomer = factories.make_user()
    client = as_user(newcomer)
    url = reverse("participation:comment_create", kwargs={"pk": idea.pk})
    response = client.post(url, {"text": "Kauft hier: https://spam.example"})
    assert response.status_code == 400
    assert "keine Links" in response.content.decode()
    for number in range(3):
        post_comment(idea=idea, author=newcomer, text=f"Beitrag {number}")
    assert client.post(url, {"text": "Mehr unter https://verein.example"}).status_code == 302


def test_comments_per_hour_are_limited(as_user, idea):
    person = factories.make_user()
    for number in range(moderation.COMMENTS_PER_HOUR):
        post_comment(idea=idea, author=person, text=f"Kommentar {number}")
    url = reverse("participation:comment_create", kwargs={"pk": idea.pk})
    assert as_user(person).post(url, {"text": "Noch einer"}).status_code == 400
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert as_user(person).post(url, {"text": "Noch einer"}).status_code == 302


def test_ideas_per_hour_are_limited(district_a):
    person = factories.make_user()
    for number in range(moderation.IDEAS_PER_HOUR):
        make_idea(district_a, person, text=f"Idee {number}")
    with pytest.raises(moderation.ContributionRefused):
        moderation.check_contribution(user=person, text="Noch eine", kind="idea")


def test_identical_text_is_refused(as_user, idea):
    person = factories.make_user()
    post_comment(idea=idea, author=person, text="Gleicher Text")
    response = as_user(person).post(
        reverse("participation:comment_create", kwargs={"pk": idea.pk}), {"text": "Gleicher Text"}
    )
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_hidden_idea_cannot_be_supported_or_commented(as_user, staff_a, idea):
    moderation.hide(moderator=staff_a, reason="x", idea=idea)
    client = as_user(factories.make_user())
    assert client.post(reverse("participation:idea_support", kwargs={"pk": idea.pk})).status_code == 404
    assert (
        client.post(reverse("participation:comment_create", kwargs={"pk": idea.pk}), {"text": "a"}).status_code == 404
    )
    assert Idea.objects.get().support_count == 0
