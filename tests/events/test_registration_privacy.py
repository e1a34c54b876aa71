"""An e-mail address never hands over someone else's registration (issue 8.1), and the
first mail to an unconfirmed address quotes nothing the sender wrote (issue 8.3)."""

from __future__ import annotations

import re

from django.core import mail

from quartier.events.models import Registration, RegistrationStatus
from quartier.events.services import Participant, register_for_event
from tests import factories

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _date(district):
    event = factories.make_event(district, registration_required=True, capacity=10, max_party_size=3)
    return event, event.dates.get()


def _url(event, event_date):
    return f"/termine/{event.pk}/{event_date.pk}/anmelden/"


def _family(event_date):
    return register_for_event(
        event_date=event_date,
        name="Frieda Familie",
        email="frieda@example.org",
        party_size=2,
        participants=[Participant("Mia", 7), Participant("Ben", 5)],
    )


def test_registering_with_a_registered_address_answers_like_a_new_registration(
    client, district_a, immediate_tasks, django_capture_on_commit_callbacks
):
    event, event_date = _date(district_a)
    family = _family(event_date)
    mail.outbox.clear()
    url = _url(event, event_date)

    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(url, {"name": "Mallory", "email": "Frieda@example.org", "party_size": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(url, {"name": "Nora", "email": "nora@example.org", "party_size": "1"})

    assert taken.status_code == new.status_code == 200
    assert CSRF.sub(b"", taken.content) == CSRF.sub(b"", new.content)
    body = taken.content.decode()
    assert family.token not in body
    assert "Mia" not in body
    assert "Ben" not in body
    # The private link went to the address that holds it, and only there.
    [to_family] = [message for message in mail.outbox if message.to == ["frieda@example.org"]]
    assert family.get_absolute_url() in to_family.body
    assert "Mallory" not in to_family.body
    assert all(family.token not in message.body for message in mail.outbox if message.to != ["frieda@example.org"])
    assert Registration.objects.get(pk=family.pk).status == RegistrationStatus.CONFIRMED


def test_signed_in_person_does_not_reach_a_registration_made_without_their_account(
    as_user, resident, district_a, immediate_tasks, django_capture_on_commit_callbacks
):
    event, event_date = _date(district_a)
    earlier = register_for_event(
        event_date=event_date,
        name="Jemand",
        email=resident.email,
        participants=[Participant("Mia", 7)],
        email_confirmed=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(resident, second_factor=False).post(_url(event, event_date), {"party_size": "1"})

    assert response.status_code == 200
    assert earlier.token not in response.content.decode()
    assert "Mia" not in response.content.decode()
    assert earlier.get_absolute_url() in mail.outbox[-1].body
    assert mail.outbox[-1].to == [resident.email]


def test_signed_in_person_registering_again_gets_their_own_registration(as_user, resident, district_a):
    event, event_date = _date(district_a)
    client = as_user(resident, second_factor=False)
    first = client.post(_url(event, event_date), {"party_size": "1"})
    again = client.post(_url(event, event_date), {"party_size": "1"})

    assert first.status_code == again.status_code == 302
    assert again.url == first.url == Registration.objects.get().get_absolute_url()


def test_mail_to_an_unconfirmed_address_does_not_quote_the_name(
    client, district_a, immediate_tasks, django_capture_on_commit_callbacks
):
    event, event_date = _date(district_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(event, event_date), {"name": "Kaufen Sie hier!", "email": "v@example.org", "party_size": "1"})

    [message] = mail.outbox
    assert "Kaufen Sie hier" not in message.body
    assert "Kaufen Sie hier" not in message.subject
    registration = Registration.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(registration.get_absolute_url(), {"action": "confirm"})
    # Confirmed: now the name is the address holder's own.
    assert "Kaufen Sie hier!" in mail.outbox[-1].body
