from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from quartier.events.models import Registration, RegistrationStatus
from quartier.events.services import (
    Participant,
    RegistrationError,
    approve_registration,
    cancel_registration,
    confirm_registration_email,
    decline_registration,
    register_for_event,
)
from tests import factories

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def small_event(district_a):
    return factories.make_event(district_a, registration_required=True, capacity=3, max_party_size=3)


def _date(event):
    return event.dates.get()


def _register(event_date, email, size=1, **kwargs):
    return register_for_event(event_date=event_date, name=email.split("@")[0], email=email, party_size=size, **kwargs)


def test_registration_within_capacity_is_confirmed_and_mailed(small_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(_date(small_event), "a@example.org", 2)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert _date(small_event).places_taken == 2
    assert len(mail.outbox) == 1
    assert "Ihre Anmeldung ist bestätigt" in mail.outbox[0].subject
    assert registration.get_absolute_url() in mail.outbox[0].body


def test_full_event_puts_registration_on_waiting_list_in_order(small_event):
    event_date = _date(small_event)
    _register(event_date, "a@example.org", 3)
    first = _register(event_date, "b@example.org", 1)
    second = _register(event_date, "c@example.org", 2)
    assert (first.status, first.waiting_position) == (RegistrationStatus.WAITING, 1)
    assert (second.status, second.waiting_position) == (RegistrationStatus.WAITING, 2)
    assert _date(small_event).places_taken == 3


def test_cancellation_moves_up_the_next_that_fits_and_tells_them(small_event, django_capture_on_commit_callbacks):
    event_date = _date(small_event)
    big = _register(event_date, "a@example.org", 2)
    _register(event_date, "b@example.org", 1)
    waiting_three = _register(event_date, "c@example.org", 3)
    waiting_one = _register(event_date, "d@example.org", 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = cancel_registration(registration=big)
    # Two places free: the party of three does not fit, the single behind it does.
    assert [r.pk for r in moved] == [waiting_one.pk]
    waiting_three.refresh_from_db()
    assert waiting_three.waiting_position == 1
    assert _date(small_event).places_taken == 2
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Ihre Anmeldung ist storniert", "Sie sind nachgerückt"}


def test_same_email_twice_gives_one_registration(small_event):
    event_date = _date(small_event)
    first = _register(event_date, "a@example.org", 1)
    again = _register(event_date, "A@example.org", 1)
    assert first.pk == again.pk
    assert Registration.objects.count() == 1
    assert _date(small_event).places_taken == 1


def test_more_people_than_places_left_is_refused_with_a_clear_message(small_event):
    event_date = _date(small_event)
    _register(event_date, "a@example.org", 2)
    with pytest.raises(RegistrationError, match="nur noch 1 Platz"):
        _register(event_date, "b@example.org", 2)
    assert Registration.objects.count() == 1


def test_party_larger_than_allowed_is_refused(small_event):
    with pytest.raises(RegistrationError, match="höchstens 3 Personen"):
        _register(_date(small_event), "a@example.org", 4)


def test_deadline_passed_refuses_visitors_but_not_staff(small_event, staff_a):
    small_event.registration_deadline = timezone.now() - timedelta(minutes=1)
    small_event.save()
    with pytest.raises(RegistrationError, match="Anmeldeschluss"):
        _register(_date(small_event), "a@example.org")
    registration = _register(_date(small_event), "b@example.org", registered_by=staff_a)
    assert registration.status == RegistrationStatus.CONFIRMED


def test_visitor_holds_no_place_until_the_email_is_confirmed(small_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(_date(small_event), "a@example.org", 2, email_confirmed=False)
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert _date(small_event).places_taken == 0
    assert "bestätigen" in mail.outbox[0].subject
    confirmed = confirm_registration_email(registration=registration)
    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert _date(small_event).places_taken == 2


def test_approval_events_hold_places_until_staff_decide(district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=1, requires_approval=True)
    event_date = event.dates.get()
    first = _register(event_date, "a@example.org")
    second = _register(event_date, "b@example.org")
    assert first.status == RegistrationStatus.PENDING
    assert second.status == RegistrationStatus.WAITING
    decline_registration(registration=first)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.PENDING
    assert approve_registration(registration=second).status == RegistrationStatus.CONFIRMED


def test_participant_names_and_ages_are_kept(small_event):
    registration = _register(
        _date(small_event),
        "parent@example.org",
        2,
        participants=[Participant("Mia", 8), Participant("Tom", 10)],
    )
    assert registration.participants == [{"first_name": "Mia", "age": 8}, {"first_name": "Tom", "age": 10}]


def test_cancelling_from_the_waiting_list_closes_the_gap(small_event):
    event_date = _date(small_event)
    _register(event_date, "a@example.org", 3)
    first = _register(event_date, "b@example.org")
    second = _register(event_date, "c@example.org")
    cancel_registration(registration=first)
    second.refresh_from_db()
    assert second.waiting_position == 1


def test_cancelled_event_takes_no_registrations(small_event):
    small_event.status = "cancelled"
    small_event.save()
    with pytest.raises(RegistrationError, match="findet nicht statt"):
        _register(_date(small_event), "a@example.org")
