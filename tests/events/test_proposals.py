"""Residents' event proposals pass the same guards as ideas (issue 8.12): an hourly limit,
length limits, no proposals from blocked people, no links from new accounts."""

from __future__ import annotations

from quartier.events.models import Event
from quartier.events.services import PROPOSALS_PER_HOUR
from quartier.participation import moderation
from tests import factories

URL = "/termine/vorschlagen/"


def _data(district, **extra):
    return {
        "title": "Nachbarschaftsfrühstück",
        "summary": "Wir frühstücken zusammen.",
        "start": "2099-05-01T09:00",
        "end": "2099-05-01T11:00",
        "venue": "Dorfplatz",
        "district": district.pk,
        "target_group": "everyone",
        **extra,
    }


def test_proposals_per_hour_are_limited(as_user, resident, district_a):
    client = as_user(resident, second_factor=False)
    for number in range(PROPOSALS_PER_HOUR):
        assert client.post(URL, _data(district_a, title=f"Frühstück {number}")).status_code == 302

    response = client.post(URL, _data(district_a, title="Noch eins"))

    assert response.status_code == 400
    assert "in der letzten Stunde" in response.content.decode()
    assert Event.objects.count() == PROPOSALS_PER_HOUR


def test_description_has_a_length_limit(as_user, resident, district_a):
    response = as_user(resident, second_factor=False).post(URL, _data(district_a, description="x" * 10_001))
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_blocked_person_cannot_propose(as_user, resident, coordinator, district_a):
    moderation.block(moderator=coordinator, person=resident, reason="Werbung")
    response = as_user(resident, second_factor=False).post(URL, _data(district_a))
    assert response.status_code == 400
    assert "gesperrt" in response.content.decode()
    assert not Event.objects.exists()


def test_new_account_cannot_propose_links_in_any_form(as_user, resident, district_a):
    client = as_user(resident, second_factor=False)
    for extra in (
        {"description": "Infos [hier][1]\n\n[1]: http://spam.example"},
        {"venue": "www.spam-shop.biz"},
        {"summary": "Karten auf https://spam.example"},
    ):
        response = client.post(URL, _data(district_a, **extra))
        assert response.status_code == 400
        assert "keine Links" in response.content.decode()
    assert not Event.objects.exists()


def test_established_account_may_link(as_user, district_a):
    person = factories.make_user()
    client = as_user(person, second_factor=False)
    for number in range(moderation.LINK_FREE_CONTRIBUTIONS):
        assert client.post(URL, _data(district_a, title=f"Treffen {number}")).status_code == 302
    Event.objects.update(created_at="2000-01-01T00:00:00Z")  # out of the hourly limit

    response = client.post(URL, _data(district_a, description="Programm: https://verein.example"))

    assert response.status_code == 302
