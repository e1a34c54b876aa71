"""Creating and changing events through the services, and the admin using them."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from quartier.events.models import Event, RegistrationStatus
from quartier.events.recurrence import build_rrule
from quartier.events.services import (
    create_event,
    register_for_event,
    update_event,
)
from quartier.places.models import District
from tests import factories

pytestmark = pytest.mark.django_db


def _new(district: District, **fields: Any) -> Event:
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=18, minute=0, second=0, microsecond=0)
    defaults = {"title": "Spieleabend", "summary": "Kurz.", "venue": "Treff", "start": start}
    event = Event(district=district, **{**defaults, **fields})
    event.end = event.start + timedelta(hours=2)
    return event


def test_new_weekly_event_gets_its_dates(staff_a, district_a):
    event = _new(district_a)
    event.rrule = build_rrule(frequency="weekly", start=event.start, until=None, count=3)
    create_event(event=event, by=staff_a)
    assert event.dates.count() == 3


def test_staff_cannot_create_an_event_in_another_district(staff_b, district_a):
    with pytest.raises(ValidationError) as error:
        create_event(event=_new(district_a), by=staff_b)
    assert "district" in error.value.message_dict
    assert not Event.objects.exists()


def test_staff_cannot_attach_a_project_of_another_district(staff_a, district_a, district_b):
    foreign = factories.make_project(district_b)
    with pytest.raises(ValidationError) as error:
        create_event(event=_new(district_a, project=foreign), by=staff_a)
    assert "project" in error.value.message_dict


def test_editing_keeps_a_project_the_event_already_had(staff_a, district_a, district_b):
    event = factories.make_event(district_a, project=factories.make_project(district_b))
    event.title = "Neuer Titel"
    update_event(event=event, by=staff_a)
    event.refresh_from_db()
    assert event.title == "Neuer Titel"


def test_capacity_never_falls_below_places_taken(staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    event.dates.update(places_taken=4)
    event.capacity = 3
    with pytest.raises(ValidationError) as error:
        update_event(event=event, by=staff_a)
    assert "capacity" in error.value.message_dict
    event.refresh_from_db()
    assert event.capacity == 5


def test_raising_capacity_moves_the_waiting_list_up(staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=1)
    event_date = event.dates.get()
    register_for_event(event_date=event_date, name="A", email="a@example.org")
    waiting = register_for_event(event_date=event_date, name="B", email="b@example.org")
    event.capacity = 2
    update_event(event=event, by=staff_a)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_saving_in_the_admin_makes_the_dates(rf, district_a):
    administrator = factories.make_user(is_superuser=True, is_staff=True)
    request = rf.post("/")
    request.user = administrator
    event = _new(district_a)
    event.rrule = build_rrule(frequency="weekly", start=event.start, until=None, count=2)
    form = SimpleNamespace(cleaned_data={"fields_of_action": []})
    admin.site._registry[Event].save_model(request, event, form, change=False)
    assert event.dates.count() == 2


def test_admin_form_refuses_a_capacity_below_places_taken(rf, district_a):
    administrator = factories.make_user(is_superuser=True, is_staff=True)
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    event.dates.update(places_taken=4)
    request = rf.get("/")
    request.user = administrator
    form_class = admin.site._registry[Event].get_form(request, event, change=True)
    form = form_class(instance=event)
    form.cleaned_data = {"district": district_a, "project": None, "capacity": 3}
    form.clean()
    assert "capacity" in form.errors


def test_admin_cancels_registrations_through_the_service(as_user, district_a):
    administrator = factories.make_user(is_superuser=True, is_staff=True, totp=True)
    event = factories.make_event(district_a, registration_required=True, capacity=1)
    event_date = event.dates.get()
    first = register_for_event(event_date=event_date, name="A", email="a@example.org")
    waiting = register_for_event(event_date=event_date, name="B", email="b@example.org")
    client = as_user(administrator)
    url = reverse("admin:events_registration_changelist")
    response = client.post(url, {"action": "cancel", "_selected_action": [first.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
