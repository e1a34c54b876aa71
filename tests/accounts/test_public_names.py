"""Public names come from the name a person chose, never from their e-mail address."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from quartier.accounts.models import User
from quartier.events.models import Event
from quartier.participation.services import post_comment
from tests import factories
from tests.conftest import signed_in
from tests.participation.conftest import make_idea

EMAIL = "erika.musterfrau@example.org"


def _shows_part_of_the_address(html: str) -> bool:
    lowered = html.lower()
    return "erika" in lowered or "musterfrau" in lowered


def test_signup_asks_for_the_name_the_site_shows(client, town):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="name"' in html
    assert "Fantasiename" in html  # the help text: a first name or a pseudonym is enough

    data = {"email": EMAIL, "password1": "ein-langes-passwort", "password2": "ein-langes-passwort"}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert not User.objects.filter(email=EMAIL).exists()

    response = client.post(reverse("account_signup"), {**data, "name": "  "})
    assert response.status_code == 200
    assert not User.objects.filter(email=EMAIL).exists()


def test_user_without_a_name_shows_a_neutral_label():
    assert User(email=EMAIL).public_name == "Bewohner·in"
    assert str(User(email=EMAIL)) == "Bewohner·in"
    assert User(email=EMAIL, name="Erika").public_name == "Erika"


def test_idea_and_comment_of_a_user_without_a_name_show_no_part_of_the_address(client, district_a):
    person = factories.make_user(EMAIL)
    idea = make_idea(district_a, person, title="Bänke am Bach")
    post_comment(idea=idea, author=person, text="Gern auch mit Tisch.")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Gern auch mit Tisch." in html
    assert "Bewohner·in" in html
    assert not _shows_part_of_the_address(html)


def test_event_proposed_by_a_user_without_a_name_shows_no_part_of_the_address(client, district_a, staff_a):
    person = factories.make_user(EMAIL)
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=18, minute=0, second=0, microsecond=0)
    response = signed_in(person).post(
        reverse("events:propose"),
        {
            "title": "Flohmarkt",
            "summary": "Alles muss raus.",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "Schulhof",
            "district": district_a.pk,
            "target_group": "everyone",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Flohmarkt")
    assert event.proposed_by == person
    signed_in(staff_a).post(reverse("events:publish", args=[event.pk]))

    html = client.get(event.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    data = json.loads(match.group(1))
    assert data["name"] == "Flohmarkt"
    assert "organizer" not in data
    assert not _shows_part_of_the_address(html)


def test_event_proposed_by_a_user_with_a_name_names_them_as_organiser(district_a):
    person = factories.make_user(EMAIL, name="Erika")
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=18, minute=0, second=0, microsecond=0)
    signed_in(person).post(
        reverse("events:propose"),
        {
            "title": "Flohmarkt",
            "summary": "Alles muss raus.",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "Schulhof",
            "district": district_a.pk,
            "target_group": "everyone",
        },
    )
    assert Event.objects.get(title="Flohmarkt").organiser_name == "Erika"
