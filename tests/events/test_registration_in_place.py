"""Registering, the waiting list and cancelling update the registration's section in place
for htmx (with the result in a live region that takes the focus), and load pages without
JavaScript."""

from __future__ import annotations

from quartier.events.models import Registration, RegistrationStatus
from tests import factories

HTMX = {"HX-Request": "true"}


def _event(district, capacity=5):
    event = factories.make_event(district, registration_required=True, capacity=capacity)
    return event, event.dates.get()


def _url(event, event_date):
    return f"/termine/{event.pk}/{event_date.pk}/anmelden/"


def test_signed_in_resident_registers_in_place(as_user, resident, district_a):
    event, event_date = _event(district_a)
    client = as_user(resident, second_factor=False)
    page = client.get(_url(event, event_date)).content.decode()
    assert 'data-hx-target="#registration-section"' in page
    response = client.post(_url(event, event_date), {"party_size": "2"}, headers=HTMX)
    html = response.content.decode()
    registration = Registration.objects.get()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="registration-section"')
    assert 'role="status" tabindex="-1" autofocus>Sie sind angemeldet.' in html
    assert registration.status == RegistrationStatus.CONFIRMED
    assert f'data-hx-post="{registration.get_absolute_url()}"' in html  # cancel in place next


def test_a_full_date_puts_one_on_the_waiting_list_in_place(as_user, resident, district_a):
    event, event_date = _event(district_a, capacity=1)
    as_user(factories.make_user("vorher@example.org"), second_factor=False).post(
        _url(event, event_date), {"party_size": "1"}
    )
    response = as_user(resident, second_factor=False).post(_url(event, event_date), {"party_size": "1"}, headers=HTMX)
    html = response.content.decode()
    assert "Sie stehen auf der Warteliste." in html
    assert "Platz 1 auf der Warteliste" in html
    assert Registration.objects.get(user=resident).status == RegistrationStatus.WAITING


def test_cancelling_in_place_and_without_javascript(as_user, resident, district_a):
    event, event_date = _event(district_a)
    client = as_user(resident, second_factor=False)
    client.post(_url(event, event_date), {"party_size": "1"})
    registration = Registration.objects.get()
    response = client.post(registration.get_absolute_url(), {"action": "cancel"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="registration-section"')
    assert "Ihre Anmeldung ist storniert." in html
    assert "Anmeldung stornieren" not in html
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED

    client.post(_url(event, event_date), {"party_size": "1"})
    again = Registration.objects.exclude(status=RegistrationStatus.CANCELLED).get()
    plain = client.post(again.get_absolute_url(), {"action": "cancel"})
    assert plain.status_code == 302
    assert "Ihre Anmeldung ist storniert." in client.get(plain["Location"]).content.decode()


def test_without_javascript_registering_loads_the_registration_page(as_user, resident, district_a):
    event, event_date = _event(district_a)
    client = as_user(resident, second_factor=False)
    response = client.post(_url(event, event_date), {"party_size": "1"})
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert "Sie sind angemeldet." in client.get(response["Location"]).content.decode()


def test_a_visitor_is_told_to_confirm_in_place(client, district_a):
    event, event_date = _event(district_a)
    response = client.post(
        _url(event, event_date), {"name": "Vera", "email": "vera@example.org", "party_size": "1"}, headers=HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="registration-section"' in html
    assert "Wir haben Ihnen eine E-Mail geschickt." in html


def test_a_refused_registration_shows_its_message_in_place(as_user, resident, district_a):
    event, event_date = _event(district_a, capacity=1)
    response = as_user(resident, second_factor=False).post(_url(event, event_date), {"party_size": "3"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful answers
    assert 'id="registration-section"' in html
    assert 'role="alert"' in html
    assert not Registration.objects.exists()
    plain = as_user(resident, second_factor=False).post(_url(event, event_date), {"party_size": "3"})
    assert plain.status_code in {200, 400}
    assert not Registration.objects.exists()
