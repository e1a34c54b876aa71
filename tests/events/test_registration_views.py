from __future__ import annotations

from django.core import mail
from django.core.cache import cache

from quartier.events.models import Registration, RegistrationStatus
from tests import factories


def _event(district, **fields):
    event = factories.make_event(district, registration_required=True, capacity=5, **fields)
    return event, event.dates.get()


def _url(event, event_date):
    return f"/termine/{event.pk}/{event_date.pk}/anmelden/"


def test_signed_in_resident_registers_in_one_step(as_user, resident, district_a):
    event, event_date = _event(district_a)
    response = as_user(resident, second_factor=False).post(_url(event, event_date), {"party_size": "2"})
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == registration.get_absolute_url()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == resident.email
    assert registration.user == resident


def test_visitor_confirms_by_email_link(client, district_a, django_capture_on_commit_callbacks):
    event, event_date = _event(district_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(event, event_date), {"name": "Vera", "email": "vera@example.org", "party_size": "1"}
        )
    assert "Fast geschafft" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert registration.get_absolute_url() in mail.outbox[0].body
    client.post(registration.get_absolute_url(), {"action": "confirm"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_private_link_cancels(client, district_a):
    event, event_date = _event(district_a)
    client.post(_url(event, event_date), {"name": "Vera", "email": "vera@example.org", "party_size": "1"})
    registration = Registration.objects.get()
    client.post(registration.get_absolute_url(), {"action": "confirm"})
    client.post(registration.get_absolute_url(), {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    event_date.refresh_from_db()
    assert event_date.places_taken == 0


def test_unknown_token_is_404(client, town):
    assert client.get("/termine/anmeldung/not-a-token/").status_code == 404


def test_double_post_gives_one_registration(as_user, resident, district_a):
    event, event_date = _event(district_a)
    client = as_user(resident, second_factor=False)
    client.post(_url(event, event_date), {"party_size": "1"})
    client.post(_url(event, event_date), {"party_size": "1"})
    assert Registration.objects.count() == 1


def test_names_and_ages_required_when_the_event_asks(as_user, resident, district_a):
    event, event_date = _event(district_a, asks_participant_details=True)
    client = as_user(resident, second_factor=False)
    response = client.post(_url(event, event_date), {"party_size": "2", "first_name_1": "Mia", "age_1": "8"})
    assert response.status_code == 200
    assert "Bitte geben Sie den Vornamen an." in response.content.decode()
    assert not Registration.objects.exists()
    client.post(
        _url(event, event_date),
        {"party_size": "2", "first_name_1": "Mia", "age_1": "8", "first_name_2": "Tom", "age_2": "10"},
    )
    assert Registration.objects.get().participants == [
        {"first_name": "Mia", "age": 8},
        {"first_name": "Tom", "age": 10},
    ]


def test_too_many_people_gets_a_clear_message_and_saves_nothing(as_user, resident, district_a):
    event, event_date = _event(district_a, max_party_size=4)
    event_date.places_taken = 4
    event_date.save()
    response = as_user(resident, second_factor=False).post(_url(event, event_date), {"party_size": "3"})
    assert response.status_code == 400
    assert "nur noch 1 Platz frei" in response.content.decode()
    # The message takes the focus, like a form's error summary.
    assert 'role="alert" tabindex="-1" autofocus' in response.content.decode()
    assert not Registration.objects.exists()


def test_visitors_are_rate_limited(client, district_a):
    cache.clear()
    event, event_date = _event(district_a)
    for number in range(12):
        response = client.post(
            _url(event, event_date), {"name": "V", "email": f"v{number}@example.org", "party_size": "1"}
        )
    assert response.status_code == 400
    assert "Zu viele Anmeldungen" in response.content.decode()
    assert Registration.objects.count() == 10
    cache.clear()


def test_resident_proposal_waits_for_staff(as_user, resident, staff_a, district_a, client):
    response = as_user(resident, second_factor=False).post(
        "/termine/vorschlagen/",
        {
            "title": "Nachbarschaftsfrühstück",
            "summary": "Wir frühstücken zusammen.",
            "start": "2099-05-01T09:00",
            "end": "2099-05-01T11:00",
            "venue": "Dorfplatz",
            "district": district_a.pk,
            "target_group": "everyone",
        },
    )
    assert response.status_code == 302
    assert "Nachbarschaftsfrühstück" not in client.get("/termine/").content.decode()
    staff = as_user(staff_a)
    assert "Nachbarschaftsfrühstück" in staff.get("/cockpit/termine/").content.decode()
    from quartier.events.models import Event

    event = Event.objects.get()
    staff.post(f"/cockpit/termine/{event.pk}/veroeffentlichen/")
    assert "Nachbarschaftsfrühstück" in client.get("/termine/").content.decode()


def test_proposal_needs_sign_in(client, town):
    response = client.get("/termine/vorschlagen/")
    assert response.status_code == 302
    assert "/konto/login/" in response.url


def test_privacy_export_contains_registrations(resident, district_a):
    from quartier.core.privacy import collect_personal_data
    from quartier.events.services import register_for_event

    _event_obj, event_date = _event(district_a, title="Spieleabend")
    register_for_event(event_date=event_date, name="Rita", email=resident.email, user=resident)
    data = collect_personal_data(resident)["events"]
    assert data["registrations"][0]["event"] == "Spieleabend"


def test_registering_and_cancelling_use_other_words_than_signing_in_and_out(as_user, resident, district_a):
    """One German word for one thing: "Anmelden"/"Abmelden" are the header's sign-in and
    sign-out, so the English catalogue can translate each one way."""
    import re

    event, event_date = _event(district_a)
    client = as_user(resident, second_factor=False)
    labels = re.compile(r'class="kern-label">([^<]+)</span>')
    page = client.get(event_date.get_absolute_url()).content.decode()
    assert "Teilnehmen" in labels.findall(page)
    client.post(_url(event, event_date), {"party_size": "1"})
    registration = Registration.objects.get()
    detail = client.get(registration.get_absolute_url()).content.decode()
    assert "Anmeldung stornieren" in labels.findall(detail)
    assert labels.findall(detail).count("Abmelden") == 1  # the header's sign-out only
    assert "Anmelden" not in labels.findall(page)
