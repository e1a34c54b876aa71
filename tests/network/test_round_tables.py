"""Round tables: members, meetings with invitation (.ics), agenda proposals until the deadline,
attendance and minutes, numbered decisions, action items with reminders, "Meine Aufgaben",
the decision search, and who may read and run what (by URL guessing too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.network import meetings as service
from quartier.network.models import ActionItem, Decision, Meeting, Membership, RoundTableEntry
from tests import factories
from tests.conftest import signed_in
from tests.network.conftest import make_meeting, make_organisation, make_round_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_table(district_a):
    return make_round_table(district_a, name="Regelkommunikation")


@pytest.fixture
def member(round_table):
    person = factories.make_user("mitglied@example.org", name="Mia Mitglied")
    Membership.objects.create(round_table=round_table, user=person)
    return person


def test_members_are_people_or_organisations_once_each(round_table, staff_a, member, district_a):
    club = make_organisation(district_a, name="TV Alchen")
    service.add_member(round_table=round_table, organisation=club, by=staff_a)
    with pytest.raises(ValidationError, match="schon"):
        service.add_member(round_table=round_table, user=member, by=staff_a)
    with pytest.raises(ValidationError):
        service.add_member(round_table=round_table, by=staff_a)
    assert RoundTableEntry.objects.filter(round_table=round_table, by=staff_a).exists()


def test_another_districts_staff_cannot_run_the_round_table(round_table, staff_b, member):
    meeting = make_meeting(round_table)
    with pytest.raises(PermissionDenied):
        service.add_member(round_table=round_table, user=staff_b, by=staff_b)
    with pytest.raises(PermissionDenied):
        service.record_decision(meeting=meeting, text="Übernommen", by=staff_b)
    with pytest.raises(PermissionDenied):
        service.send_invitation(meeting=meeting, by=staff_b)


def test_a_meeting_ends_after_it_begins_and_the_deadline_is_before_it(round_table, staff_a):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError, match="Ende"):
        service.save_meeting(
            meeting=Meeting(round_table=round_table, start=start, end=start, place="Rathaus"), by=staff_a
        )
    with pytest.raises(ValidationError, match="Frist"):
        service.save_meeting(
            meeting=Meeting(
                round_table=round_table,
                start=start,
                end=start + timedelta(hours=1),
                place="Rathaus",
                agenda_deadline=start + timedelta(minutes=5),
            ),
            by=staff_a,
        )


def test_the_invitation_reaches_people_and_organisations_with_an_ics(
    round_table, staff_a, member, district_a, django_capture_on_commit_callbacks
):
    club = make_organisation(district_a, name="TV Alchen", email="info@tv.example.org")
    make_organisation(district_a, name="Ohne Adresse")
    Membership.objects.create(round_table=round_table, organisation=club)
    meeting = make_meeting(round_table, place="Bürgertreff")
    with django_capture_on_commit_callbacks(execute=True):
        assert service.send_invitation(meeting=meeting, by=staff_a) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["info@tv.example.org", "mitglied@example.org"]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "einladung.ics"
    assert mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text
    assert "LOCATION:Bürgertreff" in text
    assert "Regelkommunikation" in mail.outbox[0].subject
    meeting.refresh_from_db()
    assert meeting.invited_at is not None


def test_an_invitation_without_members_is_refused(round_table, staff_a):
    with pytest.raises(ValidationError, match="keine Mitglieder"):
        service.send_invitation(meeting=make_meeting(round_table), by=staff_a)


def test_members_propose_agenda_items_until_the_deadline(round_table, member, resident):
    meeting = make_meeting(round_table, agenda_deadline=timezone.now() + timedelta(days=1))
    item = service.propose_agenda_item(meeting=meeting, title="Spielplatzfest", by=member)
    assert item.proposed_by == member
    with pytest.raises(PermissionDenied):
        service.propose_agenda_item(meeting=meeting, title="Von außen", by=resident)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_deadline=timezone.now() - timedelta(minutes=1))
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="Frist"):
        service.propose_agenda_item(meeting=meeting, title="Zu spät", by=member)


def test_decisions_are_numbered_through_all_meetings(round_table, staff_a):
    first, second = make_meeting(round_table, days=-30), make_meeting(round_table, days=-1)
    service.record_decision(meeting=first, text="Eins", by=staff_a)
    service.record_decision(meeting=first, text="Zwei", by=staff_a)
    third = service.record_decision(meeting=second, text="Drei", by=staff_a)
    assert third.number == 3
    other = make_round_table(round_table.districts.get())
    assert service.record_decision(meeting=make_meeting(other), text="Eins", by=staff_a).number == 1


def test_attendance_is_of_members_of_this_round_table_only(round_table, staff_a, member, district_a):
    meeting = make_meeting(round_table, days=-1)
    elsewhere = Membership.objects.create(round_table=make_round_table(district_a), user=member)
    with pytest.raises(ValidationError, match="Mitglieder dieses Netzwerks"):
        service.record_minutes(meeting=meeting, minutes="x", attendees=[elsewhere], by=staff_a)
    mine = Membership.objects.get(round_table=round_table, user=member)
    service.record_minutes(meeting=meeting, minutes="# Protokoll", attendees=[mine], by=staff_a)
    assert list(meeting.attendees.all()) == [mine]


def test_action_items_belong_to_members_and_owners_mark_them_done(round_table, staff_a, member, resident):
    meeting = make_meeting(round_table, days=-1)
    with pytest.raises(ValidationError, match="Mitglieder"):
        service.add_action_item(meeting=meeting, title="X", due=timezone.localdate(), owner_user=resident, by=staff_a)
    item = service.add_action_item(
        meeting=meeting, title="Plakate", due=timezone.localdate(), owner_user=member, by=staff_a
    )
    with pytest.raises(PermissionDenied):
        service.set_action_item_status(item=item, status="done", by=resident)
    service.set_action_item_status(item=item, status="done", by=member)
    assert ActionItem.objects.get().status == "done"


def test_owners_are_reminded_once_before_an_item_is_due(
    round_table, staff_a, member, district_a, django_capture_on_commit_callbacks
):
    club = make_organisation(district_a, name="TV Alchen", email="info@tv.example.org")
    Membership.objects.create(round_table=round_table, organisation=club)
    meeting = make_meeting(round_table, days=-1)
    today = timezone.localdate()
    service.add_action_item(meeting=meeting, title="Bald", due=today + timedelta(days=2), owner_user=member, by=staff_a)
    service.add_action_item(
        meeting=meeting, title="Verein", due=today + timedelta(days=3), owner_organisation=club, by=staff_a
    )
    service.add_action_item(
        meeting=meeting, title="Später", due=today + timedelta(days=10), owner_user=member, by=staff_a
    )
    done = service.add_action_item(meeting=meeting, title="Fertig", due=today, owner_user=member, by=staff_a)
    service.set_action_item_status(item=done, status="done", by=member)
    with django_capture_on_commit_callbacks(execute=True):
        assert service.send_action_item_reminders(today) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["info@tv.example.org", "mitglied@example.org"]
    assert any("Bald" in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert service.send_action_item_reminders(today) == 0
    assert len(mail.outbox) == 2


def test_my_tasks_lists_my_open_items_across_round_tables(round_table, staff_a, member, district_a):
    club = make_organisation(district_a, name="TV Alchen")
    Membership.objects.create(round_table=round_table, organisation=club)
    meeting = make_meeting(round_table, days=-1)
    today = timezone.localdate()
    service.add_action_item(meeting=meeting, title="Meine", due=today, owner_user=member, by=staff_a)
    service.add_action_item(meeting=meeting, title="Des Vereins", due=today, owner_organisation=club, by=staff_a)
    other = make_round_table(district_a, name="Stadtlabor")
    Membership.objects.create(round_table=other, user=member)
    service.add_action_item(
        meeting=make_meeting(other), title="Im Stadtlabor", due=today, owner_user=member, by=staff_a
    )
    done = service.add_action_item(meeting=meeting, title="Erledigt", due=today, owner_user=member, by=staff_a)
    service.set_action_item_status(item=done, status="done", by=member)
    content = signed_in(member).get("/netzwerk/runde-tische/meine-aufgaben/").content.decode()
    assert "Meine" in content
    assert "Im Stadtlabor" in content
    assert "Des Vereins" not in content
    assert "Erledigt" not in content


def test_the_overdue_tile_counts_items_of_my_districts(round_table, staff_a, staff_b, member):
    from quartier.network.hooks import overdue_action_items

    meeting = make_meeting(round_table, days=-10)
    service.add_action_item(
        meeting=meeting, title="Zu spät", due=timezone.localdate() - timedelta(days=1), owner_user=member, by=staff_a
    )
    service.add_action_item(
        meeting=meeting, title="Rechtzeitig", due=timezone.localdate(), owner_user=member, by=staff_a
    )
    assert overdue_action_items(staff_a) == 1
    assert overdue_action_items(staff_b) == 0


def test_who_reads_a_round_tables_meetings(client, round_table, member, staff_a, staff_b, resident):
    meeting = make_meeting(round_table, minutes="Geheim besprochen")
    Decision.objects.create(round_table=round_table, meeting=meeting, number=1, text="Bänke aufstellen")
    urls = [
        round_table.get_absolute_url(),
        meeting.get_absolute_url(),
        f"/netzwerk/runde-tische/sitzung/{meeting.pk}/sitzung.ics",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert signed_in(resident).get(url).status_code == 404, url
        assert signed_in(staff_b).get(url).status_code == 404, url
        assert signed_in(member).get(url).status_code == 200, url
        assert signed_in(staff_a).get(url).status_code == 200, url
    search = "/netzwerk/runde-tische/beschluesse/"
    assert "Bänke aufstellen" not in signed_in(staff_b).get(search, {"q": "Bänke"}).content.decode()
    assert "Bänke aufstellen" in signed_in(member).get(search, {"q": "Bänke"}).content.decode()
    assert "Bänke aufstellen" not in signed_in(member).get(search, {"q": "Zelte"}).content.decode()
    round_table.publishes_minutes = True
    round_table.save()
    assert "Geheim besprochen" in client.get(meeting.get_absolute_url()).content.decode()
    assert "Bänke aufstellen" in client.get(search, {"q": "aufstellen"}).content.decode()


def test_a_non_member_cannot_propose_or_tick_off_by_guessing(round_table, member, staff_a, staff_b):
    meeting = make_meeting(round_table)
    item = service.add_action_item(
        meeting=meeting, title="Plakate", due=timezone.localdate(), owner_user=member, by=staff_a
    )
    client = signed_in(staff_b)
    assert client.post(f"/netzwerk/runde-tische/sitzung/{meeting.pk}/vorschlag/", {"title": "X"}).status_code == 404
    assert client.post(f"/netzwerk/runde-tische/aufgabe/{item.pk}/", {"status": "done"}).status_code == 404
    assert ActionItem.objects.get().status == "open"
    assert not meeting.agenda_items.exists()


def test_a_member_proposes_through_the_page_and_bad_input_gets_a_message(round_table, member):
    meeting = make_meeting(round_table)
    client = signed_in(member)
    response = client.post(f"/netzwerk/runde-tische/sitzung/{meeting.pk}/vorschlag/", {"title": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich" in response.content.decode()
    response = client.post(f"/netzwerk/runde-tische/sitzung/{meeting.pk}/vorschlag/", {"title": "Spielfest"})
    assert response.status_code == 302
    assert "Spielfest" in client.get(meeting.get_absolute_url()).content.decode()


def test_staff_run_a_meeting_through_the_cockpit(round_table, staff_a, member):
    client = signed_in(staff_a)
    response = client.post(
        f"/cockpit/netzwerk/runde-tische/{round_table.pk}/sitzung/",
        {"start": "2030-03-02T18:00", "end": "2030-03-02T17:00", "place": "Rathaus"},
    )
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    response = client.post(
        f"/cockpit/netzwerk/runde-tische/{round_table.pk}/sitzung/",
        {"start": "2030-03-02T18:00", "end": "2030-03-02T20:00", "place": "Rathaus"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    membership = Membership.objects.get(user=member)
    base = f"/cockpit/netzwerk/sitzungen/{meeting.pk}/"
    assert client.post(base + "beschluss/", {"text": "Wir feiern."}).status_code == 302
    assert (
        client.post(base + "aufgabe/", {"title": "Zelt", "owner": f"u{member.pk}", "due": "2030-03-10"}).status_code
        == 302
    )
    assert client.post(base + "protokoll/", {"minutes": "Alles gut.", "attendees": [membership.pk]}).status_code == 302
    response = client.post(base + "aufgabe/", {"title": "Zelt", "owner": "u999999", "due": "kein Datum"})
    assert response.status_code == 200
    assert Decision.objects.get().number == 1
    assert ActionItem.objects.get().owner_user == member
    page = signed_in(member).get(meeting.get_absolute_url()).content.decode()
    assert "Wir feiern." in page
    assert "Alles gut." in page
    assert "Mia Mitglied" in page


def test_staff_add_members_by_their_accounts_address(round_table, staff_a):
    person = factories.make_user("neu@example.org", name="Nora Neu")
    client = signed_in(staff_a)
    url = f"/cockpit/netzwerk/runde-tische/{round_table.pk}/mitglieder/"
    response = client.post(url, {"email": "unbekannt@example.org"})
    assert "Zu dieser Adresse gibt es kein Konto." in response.content.decode()
    assert client.post(url, {"email": "NEU@example.org"}).status_code == 302
    assert Membership.objects.get().user == person


def test_the_meeting_list_takes_a_fixed_number_of_queries(client, round_table, member, django_assert_max_num_queries):
    from django.core.cache import cache

    start = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(round_table=round_table, start=start - timedelta(days=n), end=start, place=f"Ort {n}")
        for n in range(20_000)
    )
    round_table.publishes_minutes = True
    round_table.save()
    client.get(round_table.get_absolute_url())
    cache.clear()
    with django_assert_max_num_queries(10):
        response = client.get(round_table.get_absolute_url(), {"page": 500})
    assert response.status_code == 200
    assert len(response.context["page"]) == 20
    meeting = Meeting.objects.order_by("pk")[0]
    cache.clear()
    with django_assert_max_num_queries(14):
        assert client.get(meeting.get_absolute_url()).status_code == 200
