from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from quartier.events.models import Event, EventStatus, Registration, RegistrationStatus
from quartier.events.services import register_for_event
from tests import factories


def _form(district, **overrides):
    start = timezone.localtime() + timedelta(days=7)
    data = {
        "title": "Spieleabend",
        "summary": "Brettspiele für alle.",
        "start": start.strftime("%Y-%m-%dT18:00"),
        "end": start.strftime("%Y-%m-%dT21:00"),
        "venue": "Jugendraum",
        "district": district.pk,
        "target_group": "everyone",
        "status": "scheduled",
        "max_party_size": "4",
    }
    data.update(overrides)
    return data


def test_staff_create_a_weekly_series_with_a_count(as_user, staff_a, district_a):
    response = as_user(staff_a).post("/cockpit/termine/neu/", _form(district_a, repeat="weekly", repeat_count="8"))
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.rrule.startswith("FREQ=WEEKLY;BYDAY=")
    assert event.rrule.endswith("COUNT=8")
    assert event.dates.count() == 8
    times = {timezone.localtime(row.start).strftime("%H:%M") for row in event.dates.all()}
    assert times == {"18:00"}  # also across a change to or from daylight-saving time


def test_series_needs_an_end_date_or_a_count(as_user, staff_a, district_a):
    response = as_user(staff_a).post("/cockpit/termine/neu/", _form(district_a, repeat="monthly"))
    assert response.status_code == 200
    assert "Enddatum oder eine Anzahl" in response.content.decode()
    assert not Event.objects.exists()


def test_end_before_start_and_past_deadline_are_refused(as_user, staff_a, district_a):
    data = _form(district_a)
    data["end"] = data["start"].replace("T18:00", "T17:00")
    data["registration_deadline"] = "2000-01-01T10:00"
    html = as_user(staff_a).post("/cockpit/termine/neu/", data).content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in html
    assert "Der Anmeldeschluss liegt in der Vergangenheit." in html
    assert not Event.objects.exists()


def test_staff_may_not_create_events_in_other_districts(as_user, staff_b, district_a):
    response = as_user(staff_b).post("/cockpit/termine/neu/", _form(district_a))
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_capacity_below_places_taken_is_refused(as_user, staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    event.dates.update(places_taken=4)
    data = _form(district_a, capacity="3", registration_required="on")
    data["start"] = timezone.localtime(event.start).strftime("%Y-%m-%dT%H:%M")
    data["end"] = timezone.localtime(event.end).strftime("%Y-%m-%dT%H:%M")
    html = as_user(staff_a).post(f"/cockpit/termine/{event.pk}/bearbeiten/", data).content.decode()
    assert "schon 4 Plätze vergeben" in html
    event.refresh_from_db()
    assert event.capacity == 5


def test_raising_capacity_moves_the_waiting_list_up(as_user, staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=1)
    event_date = event.dates.get()
    register_for_event(event_date=event_date, name="A", email="a@example.org")
    waiting = register_for_event(event_date=event_date, name="B", email="b@example.org")
    data = _form(district_a, capacity="2", registration_required="on")
    data["start"] = timezone.localtime(event.start).strftime("%Y-%m-%dT%H:%M")
    data["end"] = timezone.localtime(event.end).strftime("%Y-%m-%dT%H:%M")
    assert as_user(staff_a).post(f"/cockpit/termine/{event.pk}/bearbeiten/", data).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_cancel_one_date_of_a_series_leaves_the_others(as_user, staff_a, district_a):
    event = factories.make_event(district_a, rrule="FREQ=WEEKLY;COUNT=4")
    _first, second = list(event.dates.order_by("start"))[:2]
    data = {
        "start": timezone.localtime(second.start).strftime("%Y-%m-%dT%H:%M"),
        "end": timezone.localtime(second.end).strftime("%Y-%m-%dT%H:%M"),
        "status": "cancelled",
        "status_reason": "Ferien",
    }
    assert as_user(staff_a).post(f"/cockpit/termine/datum/{second.pk}/", data).status_code == 302
    statuses = list(event.dates.order_by("start").values_list("status", flat=True))
    assert statuses == [EventStatus.SCHEDULED, EventStatus.CANCELLED, EventStatus.SCHEDULED, EventStatus.SCHEDULED]


def test_participant_list_and_csv_with_waiting_list(as_user, staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=1)
    event_date = event.dates.get()
    register_for_event(event_date=event_date, name="Anna", email="anna@example.org")
    register_for_event(event_date=event_date, name="=HYPERLINK()", email="b@example.org")
    client = as_user(staff_a)
    html = client.get(f"/cockpit/termine/datum/{event_date.pk}/teilnehmende/").content.decode()
    assert "Anna" in html
    response = client.get(f"/cockpit/termine/datum/{event_date.pk}/teilnehmende.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == "Anna"
    assert rows[2][1] == "1"
    assert rows[2][2] == "'=HYPERLINK()"


def test_staff_register_by_phone_and_record_attendance(as_user, staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=10)
    event_date = event.dates.get()
    client = as_user(staff_a)
    response = client.post(
        f"/cockpit/termine/datum/{event_date.pk}/anmelden/",
        {"name": "Herr Weber", "phone": "0271 1234", "party_size": "2"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.status, registration.registered_by, registration.email) == ("confirmed", staff_a, "")
    client.post(f"/cockpit/termine/datum/{event_date.pk}/teilnahme/", {"attended": "9"})
    event_date.refresh_from_db()
    assert event_date.attended == 9


def test_staff_approve_and_decline(as_user, staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=10, requires_approval=True)
    event_date = event.dates.get()
    first = register_for_event(event_date=event_date, name="A", email="a@example.org")
    second = register_for_event(event_date=event_date, name="B", email="b@example.org")
    client = as_user(staff_a)
    client.post(f"/cockpit/termine/anmeldung/{first.pk}/", {"action": "approve"})
    client.post(f"/cockpit/termine/anmeldung/{second.pk}/", {"action": "decline"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "declined")


def test_other_districts_staff_cannot_act_on_registrations(as_user, staff_b, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=10)
    registration = register_for_event(event_date=event.dates.get(), name="A", email="a@example.org")
    response = as_user(staff_b).post(f"/cockpit/termine/anmeldung/{registration.pk}/", {"action": "cancel"})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_moving_a_one_off_event_keeps_its_registrations(as_user, staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    registration = register_for_event(event_date=event.dates.get(), name="A", email="a@example.org")
    later = timezone.localtime(event.start) + timedelta(days=2)
    data = _form(district_a, capacity="5", registration_required="on")
    data["start"] = later.strftime("%Y-%m-%dT%H:%M")
    data["end"] = (later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    assert as_user(staff_a).post(f"/cockpit/termine/{event.pk}/bearbeiten/", data).status_code == 302
    event_date = event.dates.get()
    assert event_date.start == later
    assert event_date.registrations.get() == registration
